using System.Numerics.Tensors;
using MlNetOptimizers.GradientTransforms;

namespace MlNetOptimizers.Optimization;

/// <summary>
/// Weight decay as a stage: <c>u ← u + λ·θ</c> on the parameters the mask covers (optax's <c>add_decayed_weights</c>).
/// </summary>
/// <remarks>
/// Placed first, before any preconditioner, it is coupled L2 regularisation: the gradient of <c>½·λ·‖θ‖²</c> joins the
/// loss gradient and passes through the moments (PyTorch's <c>weight_decay</c> of SGD, Adagrad, RMSprop and Adam).
/// Placed after the preconditioner and before the learning rate, it is decoupled decay (AdamW):
/// <c>θ ← θ − η·(direction + λ·θ)</c>.
/// </remarks>
public sealed class AddDecayedWeights : IGradientTransform, IElementwiseTransform
{
    /// <summary>Creates the stage.</summary>
    /// <param name="weightDecay">λ; finite and &gt;= 0.</param>
    /// <param name="mask">The parameters decayed; null for all of them.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="weightDecay"/> is negative or not finite.</exception>
    public AddDecayedWeights(float weightDecay, ParameterMask? mask = null)
    {
        WeightDecay = OptimizerArguments.NonNegative(weightDecay, nameof(weightDecay));
        Mask = mask ?? ParameterMask.All;
    }

    /// <summary>λ.</summary>
    public float WeightDecay { get; }

    /// <summary>The parameters decayed.</summary>
    public ParameterMask Mask { get; }

    /// <inheritdoc />
    public TransformState? CreateState(ParameterLayout layout) => new MaskedRanges(layout, Mask);

    /// <inheritdoc />
    public void Update(Span<float> updates, ReadOnlySpan<float> parameters, TransformState? state, StepContext step) =>
        ((IElementwiseTransform)this).UpdateRange(updates, parameters, state, step, 0, updates.Length);

    void IElementwiseTransform.UpdateRange(Span<float> updates, ReadOnlySpan<float> parameters, TransformState? state, StepContext step, int start, int length)
    {
        var ranges = TransformStates.Expect<MaskedRanges>(state, this).Ranges;
        if (WeightDecay == 0)
        {
            return;
        }
        int end = start + length;
        foreach (var range in ranges)
        {
            int from = Math.Max(range.Start.Value, start), to = Math.Min(range.End.Value, end);
            if (from < to)
            {
                var u = updates[from..to];
                TensorPrimitives.MultiplyAdd(parameters[from..to], WeightDecay, u, u);
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"add_decayed_weights({WeightDecay}, {Mask})";
}
