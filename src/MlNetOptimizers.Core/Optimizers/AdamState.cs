namespace MlNetOptimizers.Optimization;

/// <summary>State of <see cref="Adam"/> and <see cref="AdamW"/>: the moment estimates m, v (and max v for AMSGrad).</summary>
public sealed class AdamState : ChainState
{
    internal AdamState(GradientTransformChain owner, ParameterLayout layout, TransformState?[] stageStates)
        : base(owner, layout, stageStates)
    {
    }

    /// <summary>The first-moment estimate m (uncorrected).</summary>
    public ReadOnlySpan<float> FirstMomentEstimate => Stage<AdamMoments>().FirstMoment;

    /// <summary>The second-moment estimate v (uncorrected).</summary>
    public ReadOnlySpan<float> SecondMomentEstimate => Stage<AdamMoments>().SecondMoment;
}
