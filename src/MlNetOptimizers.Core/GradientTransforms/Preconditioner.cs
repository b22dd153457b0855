using System.Numerics.Tensors;
using MlNetOptimizers.Optimization;

namespace MlNetOptimizers.GradientTransforms;

/// <summary>
/// A stage that divides the update, coordinate by coordinate, by a statistic of past updates that its state keeps
/// (RMSProp's and AdaGrad's preconditioners): <see cref="Direction"/> is all a stage writes; the range form runs it in
/// place, the fused form into the state's work buffer and then adds it, scaled, to the parameters.
/// </summary>
internal interface IPreconditioner<TState> : IFusedWithStep where TState : TransformState, IWorkBuffer
{
    /// <summary>
    /// Updates the state's coordinates <paramref name="offset"/>..+<c>input.Length</c> from <paramref name="input"/> and
    /// writes the preconditioned update into <paramref name="output"/> (the input itself, or the state's work buffer).
    /// </summary>
    void Direction(ReadOnlySpan<float> input, Span<float> output, TState state, int offset);

    void IElementwiseTransform.UpdateRange(Span<float> updates, ReadOnlySpan<float> parameters, TransformState? state, StepContext step, int start, int length)
    {
        var u = updates.Slice(start, length);
        Direction(u, u, TransformStates.Expect<TState>(state, this), start);
    }

    void IFusedWithStep.UpdateAndApply(ReadOnlySpan<float> input, Span<float> parameters, TransformState? state, StepContext step, float scale, int start, int length)
    {
        var s = TransformStates.Expect<TState>(state, this);
        var work = s.Work.AsSpan(start, length);
        var p = parameters.Slice(start, length);
        Direction(input.Slice(start, length), work, s, start);
        TensorPrimitives.MultiplyAdd(work, scale, p, p);
    }
}

/// <summary>A preconditioner's state: the scratch the fused step writes the direction into before adding it to the parameters.</summary>
internal interface IWorkBuffer
{
    float[] Work { get; }
}
