namespace MlNetOptimizers.Optimization;

/// <summary>State of <see cref="AdaGrad"/>: the running sum of squared gradients s.</summary>
public sealed class AdaGradState : ChainState
{
    internal AdaGradState(GradientTransformChain owner, ParameterLayout layout, TransformState?[] stageStates)
        : base(owner, layout, stageStates)
    {
    }

    /// <summary>The sum of squared gradients s.</summary>
    public ReadOnlySpan<float> SumOfSquares => Stage<SquaredGradientSum>().Values;
}
