using MlNetOptimizers.GradientTransforms;

namespace MlNetOptimizers.Optimization;

/// <summary>State of <see cref="ScaleByRss"/>: the running sum of squared updates s.</summary>
public sealed class SquaredGradientSum : TransformState, IWorkBuffer
{
    internal SquaredGradientSum(int parameterCount, float initialAccumulator) : base(parameterCount)
    {
        Sum = AddBuffer("sum", initialAccumulator);
        Work = new float[parameterCount];
    }

    /// <summary>The sum of squares s.</summary>
    public ReadOnlySpan<float> Values => Sum;

    internal float[] Sum { get; }

    internal float[] Work { get; }

    float[] IWorkBuffer.Work => Work;
}
