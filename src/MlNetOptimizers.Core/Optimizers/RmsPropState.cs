namespace MlNetOptimizers.Optimization;

/// <summary>State of <see cref="RmsProp"/>: squared-gradient average v, gradient average c, momentum buffer b.</summary>
public sealed class RmsPropState : ChainState
{
    internal RmsPropState(GradientTransformChain owner, ParameterLayout layout, TransformState?[] stageStates)
        : base(owner, layout, stageStates)
    {
    }

    /// <summary>The running average of squared gradients v.</summary>
    public ReadOnlySpan<float> SquaredGradientAverage => Stage<SquaredGradientAverage>().Values;
}
