using MlNetOptimizers.Optimization;
using MlNetOptimizers.Optimizers;

namespace MlNetOptimizers;

/// <summary>
/// AdaGrad (Duchi, Hazan and Singer, 2011), exactly PyTorch's <c>torch.optim.Adagrad</c>.
/// </summary>
/// <remarks>
/// Update rule for step t, with gradient g, parameters θ, learning rate η, learning-rate decay δ, weight decay λ, ε:
/// <code>
/// g ← g + λ·θ                       (coupled L2 decay)
/// η_t ← η / (1 + (t − 1)·δ)
/// s ← s + g²                        (s starts at initialAccumulator)
/// θ ← θ − η_t · g / (√s + ε)        (ε outside the square root)
/// </code>
/// Keras' Adagrad also puts ε outside the root but defaults it to 1e-7 and starts s at 0.1.
/// As a chain: <c>AddDecayedWeights(λ) → ScaleByRss(s₀, ε) → ScaleByLearningRate(η, InverseTimeSchedule(δ))</c>.
/// </remarks>
public sealed class AdaGrad : GradientTransformChain
{
    /// <summary>Creates AdaGrad.</summary>
    /// <param name="learningRate">Step size η; finite and &gt; 0.</param>
    /// <param name="epsilon">ε added to √s; finite and &gt;= 0.</param>
    /// <param name="initialAccumulator">Initial value of the sum of squares s; finite and &gt;= 0.</param>
    /// <param name="weightDecay">Coupled L2 coefficient λ; finite and &gt;= 0.</param>
    /// <param name="learningRateDecay">δ in η / (1 + (t − 1)·δ); finite and &gt;= 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range or NaN.</exception>
    public AdaGrad(float learningRate = 0.01f, float epsilon = 1e-10f, float initialAccumulator = 0,
        float weightDecay = 0, float learningRateDecay = 0)
        : base([.. Presets.CoupledDecay(weightDecay), new ScaleByRss(initialAccumulator, epsilon),
            new ScaleByLearningRate(learningRate, learningRateDecay == 0 ? null : new InverseTimeSchedule(OptimizerArguments.NonNegative(learningRateDecay, nameof(learningRateDecay))))])
    {
    }

    /// <summary>Step size η.</summary>
    public float LearningRate => Stage<ScaleByLearningRate>()!.LearningRate;

    /// <summary>ε added to √s.</summary>
    public float Epsilon => Stage<ScaleByRss>()!.Epsilon;

    /// <summary>Initial value of the accumulated squared gradients.</summary>
    public float InitialAccumulator => Stage<ScaleByRss>()!.InitialAccumulator;

    /// <summary>Coupled L2 coefficient λ.</summary>
    public float WeightDecay => Stage<AddDecayedWeights>()?.WeightDecay ?? 0;

    /// <summary>Learning-rate decay δ.</summary>
    public float LearningRateDecay => (Stage<ScaleByLearningRate>()!.Schedule as InverseTimeSchedule)?.Decay ?? 0;

    /// <inheritdoc />
    public override string ToString() => $"AdaGrad(lr={LearningRate})";

    private protected override ChainState NewState(ParameterLayout layout, TransformState?[] stageStates) =>
        new AdaGradState(this, layout, stageStates);
}
