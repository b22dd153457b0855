using System.Numerics.Tensors;
using MlNetOptimizers.GradientTransforms;

namespace MlNetOptimizers.Optimization;

/// <summary>
/// AdaGrad's preconditioner (Duchi, Hazan and Singer, 2011), PyTorch's form (optax's <c>scale_by_rss</c>):
/// <code>
/// s ← s + u²        (s starts at initialAccumulator)
/// u ← u / (√s + ε)  (ε outside the root)
/// </code>
/// </summary>
public sealed class ScaleByRss : IGradientTransform, IPreconditioner<SquaredGradientSum>
{
    /// <summary>Creates the stage.</summary>
    /// <param name="initialAccumulator">Initial value of s; finite and &gt;= 0.</param>
    /// <param name="epsilon">ε; finite and &gt;= 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range or NaN.</exception>
    public ScaleByRss(float initialAccumulator = 0, float epsilon = 1e-10f)
    {
        InitialAccumulator = OptimizerArguments.NonNegative(initialAccumulator, nameof(initialAccumulator));
        Epsilon = OptimizerArguments.NonNegative(epsilon, nameof(epsilon));
    }

    /// <summary>Initial value of the sum of squares.</summary>
    public float InitialAccumulator { get; }

    /// <summary>ε.</summary>
    public float Epsilon { get; }

    /// <inheritdoc />
    public TransformState? CreateState(ParameterLayout layout) => new SquaredGradientSum(layout.ParameterCount, InitialAccumulator);

    /// <inheritdoc />
    public void Update(Span<float> updates, ReadOnlySpan<float> parameters, TransformState? state, StepContext step) =>
        ((IElementwiseTransform)this).UpdateRange(updates, parameters, state, step, 0, updates.Length);

    /// <summary>
    /// s ← s + g²; output ← g / (√s + ε), on the coordinates <paramref name="offset"/>..+<c>input.Length</c>.
    /// <paramref name="output"/> may be <paramref name="input"/> or the state's work buffer.
    /// </summary>
    void IPreconditioner<SquaredGradientSum>.Direction(ReadOnlySpan<float> input, Span<float> output, SquaredGradientSum s, int offset)
    {
        Span<float> denominator = s.Work.AsSpan(offset, input.Length), sum = s.Sum.AsSpan(offset, input.Length);
        TensorPrimitives.MultiplyAdd(input, input, sum, sum);
        TensorPrimitives.Sqrt(sum, denominator);
        TensorPrimitives.Add(denominator, Epsilon, denominator);
        TensorPrimitives.Divide(input, denominator, output);
    }

    /// <inheritdoc />
    public override string ToString() => $"scale_by_rss({InitialAccumulator}, {Epsilon})";
}
