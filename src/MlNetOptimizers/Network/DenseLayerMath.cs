using System.Numerics.Tensors;

namespace MlNetOptimizers;

/// <summary>The three products of a dense layer over a batch of rows, vectorised along the input width.</summary>
internal static class DenseLayerMath
{
    /// <summary>output[r, o] = Σ_i input[r, i]·W[o, i] + b[o] for r &lt; rows.</summary>
    public static void Forward(ReadOnlySpan<float> input, int rows, int inWidth, ReadOnlySpan<float> weights,
        ReadOnlySpan<float> biases, Span<float> output)
    {
        int outWidth = biases.Length;
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
            var x = input.Slice(r * inWidth, inWidth);
            var d = delta.Slice(r * outWidth, outWidth);
            for (int o = 0; o < outWidth; o++)
            {
                float scale = d[o];
                if (scale != 0)
                {
                    var row = weightGradient.Slice(o * inWidth, inWidth);
                    TensorPrimitives.MultiplyAdd(x, scale, row, row);
                }
            }
            TensorPrimitives.Add(biasGradient, d, biasGradient);
        }
    }

    /// <summary>inputDelta[r, :] = Σ_o delta[r, o]·W[o, :].</summary>
    public static void BackpropagateDelta(ReadOnlySpan<float> delta, int rows, int inWidth, int outWidth,
        ReadOnlySpan<float> weights, Span<float> inputDelta)
    {
        for (int r = 0; r < rows; r++)
        {
            var d = delta.Slice(r * outWidth, outWidth);
            var target = inputDelta.Slice(r * inWidth, inWidth);
            target.Clear();
            for (int o = 0; o < outWidth; o++)
            {
                if (d[o] != 0)
                {
                    TensorPrimitives.MultiplyAdd(weights.Slice(o * inWidth, inWidth), d[o], target, target);
                }
            }
        }
    }
}
