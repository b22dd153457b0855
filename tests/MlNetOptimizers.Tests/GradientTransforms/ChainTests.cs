namespace MlNetOptimizers.Tests.GradientTransforms;

/// <summary>
/// The named optimizers are chains of gradient transforms: their fused fast paths take the same steps as the same
/// stages run one after the other, and the stages compose into optimizers the presets do not name.
/// </summary>
public class ChainTests
{
    private static readonly float[] Theta0 = [1f, -2f, 0.5f, 0.25f, -0.75f];

    private static readonly float[][] Gradients =
    [
        [0.1f, -0.2f, 0.3f, 0.05f, -0.4f],
        [0.4f, 0.1f, -0.5f, 0.2f, 0.1f],
        [-0.3f, 0.2f, 0.1f, -0.1f, 0.3f],
    ];

    public static TheoryData<string> Presets => new(Named.Keys);

    private static readonly Dictionary<string, Func<GradientTransformChain>> Named = new()
    {
        ["Sgd"] = () => new Sgd(0.1f),
        ["Sgd wd"] = () => new Sgd(0.1f, weightDecay: 0.01f),
        ["Momentum"] = () => new Momentum(0.1f, 0.9f),
        ["Nesterov"] = () => new Momentum(0.1f, 0.9f, nesterov: true),
        ["Momentum dampening wd"] = () => new Momentum(0.1f, 0.9f, weightDecay: 0.1f, dampening: 0.5f),
        ["AdaGrad decay"] = () => new AdaGrad(0.1f, initialAccumulator: 0.1f, weightDecay: 0.1f, learningRateDecay: 0.5f),
        ["RmsProp"] = () => new RmsProp(0.01f),
        ["RmsProp momentum centered"] = () => new RmsProp(0.01f, momentum: 0.9f, centered: true),
        ["Adam"] = () => new Adam(0.1f),
        ["AMSGrad"] = () => new Adam(0.1f, beta2: 0.5f, amsGrad: true),
        ["Adam wd"] = () => new Adam(0.1f, weightDecay: 0.1f),
        ["AdamW"] = () => new AdamW(0.1f, weightDecay: 0.1f),
    };

    [Theory]
    [MemberData(nameof(Presets))]
    public void A_named_optimizer_steps_as_its_stages_run_one_by_one(string name)
    {
        var preset = Named[name]();
        var unfused = new GradientTransformChain([.. preset.Stages]);
        var a = Run(preset);
        var b = Run(unfused);
        for (int t = 0; t < a.Length; t++)
        {
            for (int i = 0; i < Theta0.Length; i++)
            {
                a[t][i].Should().BeApproximately(b[t][i], 1e-6f, $"{name}: step {t + 1}, coordinate {i}");
            }
        }
    }

    /// <summary>
    /// L2 on the weights in front of Adam (every trainer's default) runs as one pass, Adam's moments fed g + λ·θ: bit for
    /// bit what the decay stage computes on a copy of the gradient, handed to Adam without decay.
    /// </summary>
    [Fact]
    public void Weight_decay_fused_into_adams_pass_equals_the_decay_stage_run_first_bit_for_bit()
    {
        var layout = new NetworkArchitecture(7, [5], 3, Activation.Relu).Layout; // weights and biases alternate
        var decay = new AddDecayedWeights(0.03f, ParameterMask.WeightsOnly);
        var fused = new Adam(0.01f).WithGradientTransforms(decay);
        var plain = new GradientTransformChain(new ScaleByAdam(), new ScaleByLearningRate(0.01f));
        var random = new Random(11);
        var theta = Enumerable.Range(0, layout.ParameterCount).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var reference = (float[])theta.Clone();
        var fusedState = fused.CreateState(layout);
        var plainState = plain.CreateState(layout);
        var decayState = decay.CreateState(layout);
        for (int t = 1; t <= 5; t++)
        {
            var gradient = Enumerable.Range(0, theta.Length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            fused.Step(theta, gradient, fusedState);
            var decayed = (float[])gradient.Clone();
            decay.Update(decayed, reference, decayState, new StepContext(t, 1f));
            plain.Step(reference, decayed, plainState);
            theta.Select(BitConverter.SingleToInt32Bits).Should().Equal(reference.Select(BitConverter.SingleToInt32Bits), $"step {t}");
        }
        static float[] Second(IOptimizerState state) => state.ExportState().Buffers.Single(b => b.Key.EndsWith("exp_avg_sq")).Value;
        Second(fusedState).Should().Equal(Second(plainState), "the second moments saw the same decayed gradients");
    }

    [Fact]
    public void Optax_order_adamw_decays_after_the_preconditioner_and_matches_pytorch_order()
    {
        // optax.adamw = chain(scale_by_adam, add_decayed_weights, scale_by_learning_rate); PyTorch decays θ first.
        var optax = new GradientTransformChain(new ScaleByAdam(), new AddDecayedWeights(0.1f), new ScaleByLearningRate(0.1f));
        var a = Run(optax);
        var b = Run(new AdamW(0.1f, weightDecay: 0.1f));
        a[^1].Should().Equal(b[^1], (x, y) => Math.Abs(x - y) < 1e-6f);
    }

    [Fact]
    public void Clipping_bounds_the_norm_of_the_update_and_leaves_small_ones_alone()
    {
        var clip = new ClipByGlobalNorm(1f);
        float[] large = [3f, 4f];                               // norm 5 → scaled by 1/5
        clip.Update(large, [0f, 0f], null, new StepContext(1, 1f));
        large.Should().Equal(0.6f, 0.8f);
        float[] small = [0.3f, 0.4f];
        clip.Update(small, [0f, 0f], null, new StepContext(1, 1f));
        small.Should().Equal(0.3f, 0.4f);
    }

    [Fact]
    public void A_weights_only_mask_leaves_the_biases_undecayed()
    {
        // Network 2-1: layer0.weights = [0, 2), layer0.biases = [2, 3).
        var layout = new NetworkArchitecture(2, [], 1, Activation.Relu).Layout;
        layout.Segments.Select(s => s.Name).Should().Equal("layer0.weights", "layer0.biases");
        var decay = new AddDecayedWeights(0.5f, ParameterMask.WeightsOnly);
        var state = decay.CreateState(layout);
        float[] updates = [0f, 0f, 0f];
        decay.Update(updates, [2f, -4f, 10f], state, new StepContext(1, 1f));
        updates.Should().Equal(1f, -2f, 0f);                    // u + λ·θ on the weights only
    }

    [Fact]
    public void Transforms_in_front_of_any_optimizer_see_the_gradient_first()
    {
        // Clip to norm 1, then plain SGD with lr 1: the step is the clipped gradient.
        var optimizer = new Sgd(1f).WithGradientTransforms(new ClipByGlobalNorm(1f));
        var theta = new float[] { 0f, 0f };
        optimizer.Step(theta, [3f, 4f], optimizer.CreateState(2));
        theta.Should().Equal(-0.6f, -0.8f);
    }

    [Fact]
    public void A_per_step_schedule_multiplies_the_factor_its_driver_sets_instead_of_replacing_it()
    {
        var optimizer = new Sgd(1f).WithSchedule(new ExponentialSchedule(0.5f));
        var theta = new float[] { 0f };
        var state = optimizer.CreateState(1);
        state.LearningRateFactor = 0.1f;                       // e.g. the trainer's per-epoch schedule
        optimizer.Step(theta, [1f], state);                    // η = 1 × .1 × 1
        optimizer.Step(theta, [1f], state);                    // η = 1 × .1 × .5
        theta[0].Should().BeApproximately(-0.15f, 1e-7f);
        state.LearningRateFactor.Should().Be(0.1f, "the driver's factor is not overwritten");
    }

    [Fact]
    public void A_chain_refuses_a_state_of_another_chain_naming_both()
    {
        var a = new GradientTransformChain(new ScaleByLearningRate(0.1f));
        var b = new GradientTransformChain(new ScaleByLearningRate(0.1f));
        var act = () => a.Step(new float[2], new float[2], b.CreateState(2));
        act.Should().Throw<ArgumentException>().WithMessage("*needs a state from its own CreateState*");
    }

    [Fact]
    public void A_state_exposes_each_stage_state_with_pytorch_buffer_names()
    {
        var state = (ChainState)new Adam(amsGrad: true).CreateState(4);
        state.StageStates.OfType<AdamMoments>().Single().Buffers.Select(b => b.Key)
            .Should().Equal("exp_avg", "exp_avg_sq", "max_exp_avg_sq");
    }

    private static float[][] Run(IOptimizer optimizer)
    {
        var theta = (float[])Theta0.Clone();
        var state = optimizer.CreateState(theta.Length);
        var after = new float[Gradients.Length][];
        for (int t = 0; t < Gradients.Length; t++)
        {
            optimizer.Step(theta, Gradients[t], state);
            after[t] = (float[])theta.Clone();
        }
        return after;
    }
}
