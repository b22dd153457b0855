namespace MlNetOptimizers.Optimization;

/// <summary>State of <see cref="Momentum"/>: the momentum buffer b.</summary>
public sealed class MomentumState : ChainState
{
    internal MomentumState(GradientTransformChain owner, ParameterLayout layout, TransformState?[] stageStates)
        : base(owner, layout, stageStates)
    {
    }

    /// <summary>The momentum buffer b (zero before the first step).</summary>
    public ReadOnlySpan<float> MomentumBuffer => Stage<MomentumBuffer>().Values;
}
