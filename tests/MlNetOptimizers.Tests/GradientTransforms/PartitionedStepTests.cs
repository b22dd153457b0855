namespace MlNetOptimizers.Tests.GradientTransforms;

/// <summary>
/// A step split into parameter ranges (what each worker of a two-thread training runs on its own share) updates every
/// parameter and every buffer of state exactly as the whole-vector step does, for every named optimizer and the
/// trainer's compositions; optimizers that need the whole vector say so and keep the whole step.
/// </summary>
public class PartitionedStepTests
{
    // Network 7-5-3: layer0.weights [0, 35), layer0.biases [35, 40), layer1.weights [40, 55), layer1.biases [55, 58).
    private static readonly ParameterLayout Layout = new NetworkArchitecture(7, [5], 3, Activation.Relu).Layout;

    // Uneven, not aligned to vectors, and crossing the weight/bias boundaries that a weights-only mask sees.
    private static readonly (int Start, int Length)[] Ranges = [(37, 21), (0, 13), (13, 24)];

    public static TheoryData<string> Optimizers => new(Named.Keys);

    private static readonly Dictionary<string, Func<IOptimizer>> Named = new()
    {
        ["Sgd wd"] = () => new Sgd(0.1f, weightDecay: 0.01f),
        ["Momentum dampening"] = () => new Momentum(0.1f, 0.9f, dampening: 0.5f),
        ["Nesterov wd"] = () => new Momentum(0.1f, 0.9f, nesterov: true, weightDecay: 0.1f),
        ["AdaGrad decay"] = () => new AdaGrad(0.1f, initialAccumulator: 0.1f, weightDecay: 0.1f, learningRateDecay: 0.5f),
        ["RmsProp"] = () => new RmsProp(0.01f),
        ["RmsProp momentum centered"] = () => new RmsProp(0.01f, momentum: 0.9f, centered: true),
        ["Adam"] = () => new Adam(0.01f),
        ["AMSGrad wd"] = () => new Adam(0.01f, beta2: 0.5f, amsGrad: true, weightDecay: 0.1f),
        ["AdamW"] = () => new AdamW(0.01f, weightDecay: 0.1f),
        ["optax chain, decoupled weights-only decay"] = () => new GradientTransformChain(
            new ScaleByAdam(), new AddDecayedWeights(0.1f, ParameterMask.WeightsOnly), new ScaleByLearningRate(0.01f)),
        ["the trainer's default: L2 on the weights in front of Adam"] = () =>
            new Adam(0.003f).WithGradientTransforms(new AddDecayedWeights(0.01f, ParameterMask.WeightsOnly)),
        ["per-step schedule"] = () => new Momentum(0.1f).WithSchedule(new CosineSchedule(4)),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_step_split_into_ranges_equals_the_whole_step_bit_for_bit(string name)
    {
        var optimizer = Named[name]();
        var partitionable = (IPartitionableOptimizer)optimizer;
        partitionable.CanPartition.Should().BeTrue();

        var random = new Random(7);
        var theta = Enumerable.Range(0, Layout.ParameterCount).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var split = (float[])theta.Clone();
        var whole = optimizer.CreateState(Layout);
        var parts = optimizer.CreateState(Layout);
        whole.LearningRateFactor = parts.LearningRateFactor = 0.5f; // as the trainer's per-epoch factor sets it
        for (int t = 0; t < 4; t++)
        {
            var gradient = Enumerable.Range(0, theta.Length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            optimizer.Step(theta, gradient, whole);
            partitionable.BeginStep(parts);
            foreach (var (start, length) in Ranges)
            {
                partitionable.StepRange(split, gradient, parts, start, length);
            }
            split.Should().Equal(theta, $"{name}, step {t + 1}");
        }
        parts.StepCount.Should().Be(whole.StepCount);
        var expected = whole.ExportState().Buffers;
        parts.ExportState().Buffers.Should().HaveCount(expected.Count);
        foreach (var (buffer, values) in parts.ExportState().Buffers)
        {
            values.Should().Equal(expected[buffer], buffer);
        }
    }

    [Fact]
    public void A_stage_that_needs_the_whole_vector_or_a_users_optimizer_keeps_the_whole_step()
    {
        ((IPartitionableOptimizer)new Adam().WithGradientTransforms(new ClipByGlobalNorm(1f))).CanPartition.Should().BeFalse();
        ((IPartitionableOptimizer)new GradientTransformChain(new ClipByGlobalNorm(1f), new ScaleByLearningRate(0.1f))).CanPartition.Should().BeFalse();
        ((IPartitionableOptimizer)new GradientTransformChain(new DoubleIt(), new ScaleByLearningRate(0.1f))).CanPartition.Should().BeFalse();
        ((IPartitionableOptimizer)new StepCountingChain().WithSchedule(new CosineSchedule(4))).CanPartition
            .Should().BeFalse("a subclass that overrides Step would be bypassed by the ranges");
        ((IPartitionableOptimizer)new TraceOfAUsersOptimizer().WithGradientTransforms(new AddDecayedWeights(0.1f))).CanPartition.Should().BeFalse();
    }

    [Fact]
    public void A_range_outside_the_vector_is_refused()
    {
        var adam = new Adam();
        var state = adam.CreateState(8);
        ((IPartitionableOptimizer)adam).BeginStep(state);
        var act = () => ((IPartitionableOptimizer)adam).StepRange(new float[8], new float[8], state, 4, 5);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*4..+5 is not inside the 8 parameters*");
    }

    [Theory]
    [InlineData(14_218, 2)]
    [InlineData(58, 2)]
    [InlineData(10, 2)]
    [InlineData(1_000, 3)]
    public void The_workers_ranges_cover_the_parameters_once_on_cache_line_boundaries(int parameters, int workers)
    {
        var ranges = DataParallelStep.ParameterRanges(parameters, workers);
        ranges.Should().HaveCount(workers);
        ranges.Sum(r => r.Length).Should().Be(parameters);
        for (int w = 0; w < workers; w++)
        {
            ranges[w].Start.Should().Be(w == 0 ? 0 : ranges[w - 1].Start + ranges[w - 1].Length);
            if (ranges[w].Length > 0)
            {
                (ranges[w].Start % 16).Should().Be(0, "a range starts on a 64-byte line, so no line is written by two cores");
            }
        }
        ranges.Max(r => r.Length).Should().BeLessThan(parameters / workers + 16, "the ranges are balanced");
    }

    /// <summary>A user's stage: not known to be elementwise.</summary>
    private sealed class DoubleIt : IGradientTransform
    {
        public TransformState? CreateState(ParameterLayout layout) => null;

        public void Update(Span<float> updates, ReadOnlySpan<float> parameters, TransformState? state, StepContext step)
        {
            for (int i = 0; i < updates.Length; i++)
            {
                updates[i] *= 2;
            }
        }
    }

    /// <summary>A user's subclass of a chain with a step of its own.</summary>
    private sealed class StepCountingChain() : GradientTransformChain(new ScaleByLearningRate(0.1f))
    {
        public int Steps { get; private set; }

        public override void Step(Span<float> parameters, ReadOnlySpan<float> gradients, IOptimizerState state)
        {
            Steps++;
            base.Step(parameters, gradients, state);
        }
    }

    /// <summary>A user's optimizer written from scratch.</summary>
    private sealed class TraceOfAUsersOptimizer : IOptimizer
    {
        public IOptimizerState CreateState(int parameterCount) => new OptimizerState(parameterCount);

        public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, IOptimizerState state)
        {
            ((OptimizerState)state).BeginStep();
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i] -= 0.1f * gradients[i];
            }
        }
    }
}
