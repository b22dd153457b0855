namespace MlNetOptimizers.Optimization;

/// <summary>State of <see cref="Trace"/>: the momentum buffer b.</summary>
public sealed class MomentumBuffer : TransformState
{
    internal MomentumBuffer(int parameterCount) : base(parameterCount) => Buffer = AddBuffer("momentum_buffer");

    /// <summary>The momentum buffer b (zero before the first step).</summary>
    public ReadOnlySpan<float> Values => Buffer;

    internal float[] Buffer { get; }
}
