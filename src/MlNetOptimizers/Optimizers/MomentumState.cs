namespace MlNetOptimizers;

/// <summary>State of <see cref="Momentum"/>: the momentum buffer b.</summary>
public sealed class MomentumState : OptimizerState
{
    internal MomentumState(int parameterCount, float weightDecay, bool nesterov) : base(parameterCount)
    {
        Buffer = new float[parameterCount];
        Scratch = CoupledWeightDecay.ScratchFor(weightDecay, parameterCount);
        Direction = nesterov ? new float[parameterCount] : [];
    }

    /// <summary>The momentum buffer b (zero before the first step).</summary>
    public ReadOnlySpan<float> MomentumBuffer => Buffer;

    internal float[] Buffer { get; }

    internal float[] Scratch { get; }

    internal float[] Direction { get; }
}
