using System.Numerics.Tensors;
using MlNetOptimizers.GradientTransforms;

namespace MlNetOptimizers.Optimization;

/// <summary>
/// Momentum as a stage, in PyTorch's form (optax's <c>trace</c> with PyTorch's first step):
/// <code>
/// b ← u                  at the first step   (the buffer starts at the first update, not at zero)
/// b ← μ·b + (1 − τ)·u    afterwards
/// u ← u + μ·b  (Nesterov)   or   u ← b  (heavy ball)
/// </code>
/// Followed by <see cref="ScaleByLearningRate"/>, the learning rate multiplies the whole buffer, so changing η mid-training
/// rescales past momentum too (Sutskever et al. and Keras keep a velocity that already holds η instead).
/// </summary>
public sealed class Trace : IGradientTransform, IFusedWithStep
{
    /// <summary>Creates the stage.</summary>
    /// <param name="momentum">μ in [0, 1).</param>
    /// <param name="dampening">τ in [0, 1); 0 for the classic heavy ball.</param>
    /// <param name="nesterov">Nesterov's variant (needs μ &gt; 0 and τ = 0, as in PyTorch).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range, or Nesterov without μ &gt; 0 and τ = 0.</exception>
    public Trace(float momentum = 0.9f, float dampening = 0, bool nesterov = false)
    {
        MomentumCoefficient = OptimizerArguments.UnitInterval(momentum, nameof(momentum));
        Dampening = OptimizerArguments.UnitInterval(dampening, nameof(dampening));
        if (nesterov && (momentum == 0 || dampening != 0))
        {
            throw new ArgumentOutOfRangeException(nameof(nesterov), nesterov, "Nesterov momentum requires momentum > 0 and dampening = 0.");
        }
        Nesterov = nesterov;
    }

    /// <summary>μ.</summary>
    public float MomentumCoefficient { get; }

    /// <summary>τ.</summary>
    public float Dampening { get; }

    /// <summary>Whether Nesterov's variant is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc />
    public TransformState? CreateState(ParameterLayout layout) => new MomentumBuffer(layout.ParameterCount);

    /// <inheritdoc />
    public void Update(Span<float> updates, ReadOnlySpan<float> parameters, TransformState? state, StepContext step) =>
        ((IElementwiseTransform)this).UpdateRange(updates, parameters, state, step, 0, updates.Length);

    void IElementwiseTransform.UpdateRange(Span<float> updates, ReadOnlySpan<float> parameters, TransformState? state, StepContext step, int start, int length)
    {
        var u = updates.Slice(start, length);
        var buffer = Accumulate(u, state, step, start);
        if (Nesterov)
        {
            TensorPrimitives.MultiplyAdd(buffer, MomentumCoefficient, u, u);
        }
        else
        {
            buffer.CopyTo(u);
        }
    }

    void IFusedWithStep.UpdateAndApply(ReadOnlySpan<float> input, Span<float> parameters, TransformState? state, StepContext step, float scale, int start, int length)
    {
        var u = input.Slice(start, length);
        var p = parameters.Slice(start, length);
        var buffer = Accumulate(u, state, step, start);
        if (Nesterov)
        {
            // θ ← θ + scale·(u + μ·b), as two multiply-adds so that no update vector is written.
            TensorPrimitives.MultiplyAdd(u, scale, p, p);
            TensorPrimitives.MultiplyAdd(buffer, scale * MomentumCoefficient, p, p);
        }
        else
        {
            TensorPrimitives.MultiplyAdd(buffer, scale, p, p);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"trace({MomentumCoefficient}{(Dampening != 0 ? $", dampening {Dampening}" : "")}{(Nesterov ? ", nesterov" : "")})";

    /// <summary>Advances the buffer's coordinates <paramref name="offset"/>..+<c>input.Length</c> by <paramref name="input"/> and returns them.</summary>
    private Span<float> Accumulate(ReadOnlySpan<float> input, TransformState? state, StepContext step, int offset)
    {
        var buffer = TransformStates.Expect<MomentumBuffer>(state, this).Buffer.AsSpan(offset, input.Length);
        if (step.Step == 1)
        {
            input.CopyTo(buffer);
        }
        else
        {
            TensorPrimitives.Multiply(buffer, MomentumCoefficient, buffer);
            TensorPrimitives.MultiplyAdd(input, 1 - Dampening, buffer, buffer);
        }
        return buffer;
    }
}
