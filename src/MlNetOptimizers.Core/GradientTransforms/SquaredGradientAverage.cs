using MlNetOptimizers.GradientTransforms;

namespace MlNetOptimizers.Optimization;

/// <summary>State of <see cref="ScaleByRms"/>: the running averages of squared updates v and (centered) of updates c.</summary>
public sealed class SquaredGradientAverage : TransformState, IWorkBuffer
{
    internal SquaredGradientAverage(int parameterCount, bool centered) : base(parameterCount)
    {
        Square = AddBuffer("square_avg");
        Mean = centered ? AddBuffer("grad_avg") : [];
        Work = new float[parameterCount];
    }

    /// <summary>The running average of squared updates v.</summary>
    public ReadOnlySpan<float> Values => Square;

    internal float[] Square { get; }

    internal float[] Mean { get; }

    internal float[] Work { get; }

    float[] IWorkBuffer.Work => Work;
}
