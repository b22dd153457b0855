namespace MlNetOptimizers.Optimization;

/// <summary>State of <see cref="ScaleByAdam"/>: the moment estimates m and v (and the running maximum of v for AMSGrad).</summary>
public sealed class AdamMoments : TransformState
{
    internal AdamMoments(int parameterCount, bool amsGrad) : base(parameterCount)
    {
        First = AddBuffer("exp_avg");
        Second = AddBuffer("exp_avg_sq");
        MaxSecond = amsGrad ? AddBuffer("max_exp_avg_sq") : [];
    }

    /// <summary>The first-moment estimate m (uncorrected).</summary>
    public ReadOnlySpan<float> FirstMoment => First;

    /// <summary>The second-moment estimate v (uncorrected).</summary>
    public ReadOnlySpan<float> SecondMoment => Second;

    internal float[] First { get; }

    internal float[] Second { get; }

    internal float[] MaxSecond { get; }
}
