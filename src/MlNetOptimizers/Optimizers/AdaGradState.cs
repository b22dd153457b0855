namespace MlNetOptimizers;

/// <summary>State of <see cref="AdaGrad"/>: the running sum of squared gradients s.</summary>
public sealed class AdaGradState : OptimizerState
{
    internal AdaGradState(int parameterCount, float initialAccumulator, float weightDecay) : base(parameterCount)
    {
        Sum = new float[parameterCount];
        Array.Fill(Sum, initialAccumulator);
        Work = new float[parameterCount];
        Scratch = CoupledWeightDecay.ScratchFor(weightDecay, parameterCount);
    }

    /// <summary>The sum of squared gradients s.</summary>
    public ReadOnlySpan<float> SumOfSquares => Sum;

    internal float[] Sum { get; }

    internal float[] Work { get; }

    internal float[] Scratch { get; }
}
