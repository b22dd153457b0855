namespace MlNetOptimizers;

/// <summary>State of <see cref="Adam"/> and <see cref="AdamW"/>: the moment estimates m, v (and max v for AMSGrad).</summary>
public sealed class AdamState : OptimizerState
{
    internal AdamState(int parameterCount, bool amsGrad, float coupledWeightDecay) : base(parameterCount)
    {
        FirstMoment = new float[parameterCount];
        SecondMoment = new float[parameterCount];
        MaxSecondMoment = amsGrad ? new float[parameterCount] : [];
        Work = new float[parameterCount];
        Scratch = CoupledWeightDecay.ScratchFor(coupledWeightDecay, parameterCount);
    }

    /// <summary>The first-moment estimate m (uncorrected).</summary>
    public ReadOnlySpan<float> FirstMomentEstimate => FirstMoment;

    /// <summary>The second-moment estimate v (uncorrected).</summary>
    public ReadOnlySpan<float> SecondMomentEstimate => SecondMoment;

    internal float[] FirstMoment { get; }

    internal float[] SecondMoment { get; }

    internal float[] MaxSecondMoment { get; }

    internal float[] Work { get; }

    internal float[] Scratch { get; }
}
