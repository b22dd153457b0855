using System.Numerics.Tensors;

namespace MlNetOptimizers;

/// <summary>
/// The three products of a dense layer over a batch of rows. Wide layers go through the register-blocked
/// <see cref="Gemm"/>; narrow ones (fewer than 16 outputs or inputs) through dot products along the long side.
/// </summary>
internal static class DenseLayerMath
{
    private const int GemmMinimumWidth = 16;

    /// <summary>
    /// output[r, o] = Σ_i input[r, i]·W[o, i] + b[o] for r &lt; rows. <paramref name="transposed"/> (in × out floats) is
    /// scratch for Wᵀ, used when the layer is wide enough for the blocked product.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> input, int rows, int inWidth, ReadOnlySpan<float> weights,
        ReadOnlySpan<float> biases, Span<float> output, Span<float> transposed)
    {
        int outWidth = biases.Length;
        if (outWidth >= GemmMinimumWidth && rows > 1 && !transposed.IsEmpty)
        {
            Transpose(weights, outWidth, inWidth, transposed);
            for (int r = 0; r < rows; r++)
            {
                biases.CopyTo(output.Slice(r * outWidth, outWidth));
            }
            Gemm.Multiply(rows, outWidth, inWidth, input, inWidth, 1, transposed, output, accumulate: true);
            return;
        }
        for (int r = 0; r < rows; r++)
        {
            var x = input.Slice(r * inWidth, inWidth);
            var y = output.Slice(r * outWidth, outWidth);
            for (int o = 0; o < outWidth; o++)
            {
                y[o] = TensorPrimitives.Dot(x, weights.Slice(o * inWidth, inWidth)) + biases[o];
            }
        }
    }

    /// <summary>dW[o, :] += Σ_r delta[r, o]·input[r, :];  db[o] += Σ_r delta[r, o].</summary>
    public static void AccumulateParameterGradient(ReadOnlySpan<float> input, ReadOnlySpan<float> delta, int rows,
        int inWidth, int outWidth, Span<float> weightGradient, Span<float> biasGradient)
    {
        for (int r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(biasGradient, delta.Slice(r * outWidth, outWidth), biasGradient);
        }
        if (inWidth >= GemmMinimumWidth)
        {
            // dW (out × in) += Δᵀ (out × rows) · X (rows × in); Δᵀ is read from Δ through strides.
            Gemm.Multiply(outWidth, inWidth, rows, delta, 1, outWidth, input, weightGradient, accumulate: true);
            return;
        }
        for (int r = 0; r < rows; r++)
        {
            var x = input.Slice(r * inWidth, inWidth);
            var d = delta.Slice(r * outWidth, outWidth);
            for (int o = 0; o < outWidth; o++)
            {
                if (d[o] != 0)
                {
                    var row = weightGradient.Slice(o * inWidth, inWidth);
                    TensorPrimitives.MultiplyAdd(x, d[o], row, row);
                }
            }
        }
    }

    /// <summary>inputDelta[r, :] = Σ_o delta[r, o]·W[o, :], i.e. dX (rows × in) = Δ (rows × out) · W (out × in).</summary>
    public static void BackpropagateDelta(ReadOnlySpan<float> delta, int rows, int inWidth, int outWidth,
        ReadOnlySpan<float> weights, Span<float> inputDelta) =>
        Gemm.Multiply(rows, inWidth, outWidth, delta, outWidth, 1, weights, inputDelta, accumulate: false);

    /// <summary>target (in × out) = Wᵀ for W (out × in).</summary>
    private static void Transpose(ReadOnlySpan<float> weights, int outWidth, int inWidth, Span<float> target)
    {
        for (int o = 0; o < outWidth; o++)
        {
            var row = weights.Slice(o * inWidth, inWidth);
            for (int i = 0; i < inWidth; i++)
            {
                target[i * outWidth + o] = row[i];
            }
        }
    }
}
