using System.Numerics.Tensors;
using MlNetOptimizers.GradientTransforms;

namespace MlNetOptimizers.Optimization;

/// <summary>
/// RMSProp's preconditioner (Tieleman and Hinton, 2012), PyTorch's form (optax's <c>scale_by_rms</c> /
/// <c>scale_by_stddev</c>):
/// <code>
/// v ← α·v + (1 − α)·u²
/// c ← α·c + (1 − α)·u,  d = √(v − c²) + ε     (centered)
///                       d = √v + ε            (otherwise; ε outside the root)
/// u ← u / d
/// </code>
/// PyTorch's RMSprop momentum is a <see cref="Trace"/> after this stage.
/// </summary>
public sealed class ScaleByRms : IGradientTransform, IPreconditioner<SquaredGradientAverage>
{
    /// <summary>Creates the stage.</summary>
    /// <param name="decay">α in [0, 1).</param>
    /// <param name="epsilon">ε; finite and &gt;= 0.</param>
    /// <param name="centered">Divide by the estimated standard deviation instead of the root mean square.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range or NaN.</exception>
    public ScaleByRms(float decay = 0.99f, float epsilon = 1e-8f, bool centered = false)
    {
        Decay = OptimizerArguments.UnitInterval(decay, nameof(decay));
        Epsilon = OptimizerArguments.NonNegative(epsilon, nameof(epsilon));
        Centered = centered;
    }

    /// <summary>α.</summary>
    public float Decay { get; }

    /// <summary>ε.</summary>
    public float Epsilon { get; }

    /// <summary>Whether the variance (v − c²) is used instead of v.</summary>
    public bool Centered { get; }

    /// <inheritdoc />
    public TransformState? CreateState(ParameterLayout layout) => new SquaredGradientAverage(layout.ParameterCount, Centered);

    /// <inheritdoc />
    public void Update(Span<float> updates, ReadOnlySpan<float> parameters, TransformState? state, StepContext step) =>
        ((IElementwiseTransform)this).UpdateRange(updates, parameters, state, step, 0, updates.Length);

    /// <summary>
    /// Updates the averages of coordinates <paramref name="offset"/>..+<c>input.Length</c> from g and writes g / d into
    /// <paramref name="output"/> (g itself or the state's work buffer).
    /// </summary>
    void IPreconditioner<SquaredGradientAverage>.Direction(ReadOnlySpan<float> input, Span<float> output, SquaredGradientAverage s, int offset)
    {
        int n = input.Length;
        Span<float> denominator = s.Work.AsSpan(offset, n), square = s.Square.AsSpan(offset, n);
        TensorPrimitives.Multiply(square, Decay, square);
        TensorPrimitives.Multiply(input, input, denominator);
        TensorPrimitives.MultiplyAdd(denominator, 1 - Decay, square, square);                  // v ← α·v + (1 − α)·g²
        if (Centered)
        {
            Span<float> mean = s.Mean.AsSpan(offset, n);
            TensorPrimitives.Lerp(mean, input, 1 - Decay, mean);                                // c ← α·c + (1 − α)·g
            TensorPrimitives.Multiply(mean, mean, denominator);
            TensorPrimitives.Subtract(square, denominator, denominator);                       // v − c²
            TensorPrimitives.Sqrt(denominator, denominator);
        }
        else
        {
            TensorPrimitives.Sqrt(square, denominator);
        }
        TensorPrimitives.Add(denominator, Epsilon, denominator);
        TensorPrimitives.Divide(input, denominator, output);
    }

    /// <inheritdoc />
    public override string ToString() => $"scale_by_rms({Decay}, {Epsilon}{(Centered ? ", centered" : "")})";
}
