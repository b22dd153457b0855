namespace MlNetOptimizers.Optimization;

/// <summary>State of <see cref="Sgd"/>: only the step count.</summary>
public sealed class SgdState : ChainState
{
    internal SgdState(GradientTransformChain owner, ParameterLayout layout, TransformState?[] stageStates)
        : base(owner, layout, stageStates)
    {
    }
}
