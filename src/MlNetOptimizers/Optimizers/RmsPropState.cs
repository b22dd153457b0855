namespace MlNetOptimizers;

/// <summary>State of <see cref="RmsProp"/>: squared-gradient average v, gradient average c, momentum buffer b.</summary>
public sealed class RmsPropState : OptimizerState
{
    internal RmsPropState(int parameterCount, bool centered, bool momentum, float weightDecay) : base(parameterCount)
    {
        SquareAverage = new float[parameterCount];
        GradientAverage = centered ? new float[parameterCount] : [];
        Buffer = momentum ? new float[parameterCount] : [];
        Work = new float[parameterCount];
        Scratch = CoupledWeightDecay.ScratchFor(weightDecay, parameterCount);
    }

    /// <summary>The running average of squared gradients v.</summary>
    public ReadOnlySpan<float> SquaredGradientAverage => SquareAverage;

    internal float[] SquareAverage { get; }

    internal float[] GradientAverage { get; }

    internal float[] Buffer { get; }

    internal float[] Work { get; }

    internal float[] Scratch { get; }
}
