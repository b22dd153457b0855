using MlNetOptimizers.Optimization;
using MlNetOptimizers.Optimizers;

namespace MlNetOptimizers;

/// <summary>
/// Plain stochastic gradient descent, exactly PyTorch's <c>torch.optim.SGD</c> with <c>momentum=0</c>.
/// </summary>
/// <remarks>
/// Update rule for step t, with gradient g, parameters θ, learning rate η and weight decay λ:
/// <code>
/// g ← g + λ·θ          (coupled L2 decay, skipped when λ = 0)
/// θ ← θ − η·g
/// </code>
/// η is multiplied by <see cref="IOptimizerState.LearningRateFactor"/> when a schedule is attached.
/// As a chain: <c>AddDecayedWeights(λ) → ScaleByLearningRate(η)</c>.
/// </remarks>
public sealed class Sgd : GradientTransformChain
{
    /// <summary>Creates plain SGD.</summary>
    /// <param name="learningRate">Step size η; finite and &gt; 0.</param>
    /// <param name="weightDecay">Coupled L2 coefficient λ; finite and &gt;= 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range or NaN.</exception>
    public Sgd(float learningRate, float weightDecay = 0)
        : base([.. Presets.CoupledDecay(weightDecay), new ScaleByLearningRate(learningRate)])
    {
    }

    /// <summary>Step size η.</summary>
    public float LearningRate => Stage<ScaleByLearningRate>()!.LearningRate;

    /// <summary>Coupled L2 coefficient λ.</summary>
    public float WeightDecay => Stage<AddDecayedWeights>()?.WeightDecay ?? 0;

    /// <inheritdoc />
    public override string ToString() => $"SGD(lr={LearningRate}{(WeightDecay != 0 ? $", wd={WeightDecay}" : "")})";

    private protected override ChainState NewState(ParameterLayout layout, TransformState?[] stageStates) =>
        new SgdState(this, layout, stageStates);
}
