using System.Numerics.Tensors;

namespace MlNetOptimizers.Kernels;

/// <summary>
/// A dense layer over sparse input rows, with its weights stored [in × out] as every layer's are: row j of W holds the
/// weights leaving input slot j, so a row's output is the bias plus, for each of its non-zero slots, the value times that
/// row of W (SIMD over the layer's width), and the weight gradient touches only the rows of the slots a batch holds.
/// Work and memory grow with the non-zeros, not with the input's width.
/// </summary>
internal static class SparseLayerMath
{
    /// <summary>y = b + Σ_j x_j·W[j, :] over one row's non-zeros, in their order: training's and scoring's one definition.</summary>
    public static void ForwardRow(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> weights,
        ReadOnlySpan<float> biases, Span<float> output)
    {
        int width = biases.Length;
        if (width == 1)
        {
            float sum = 0;
            for (int i = 0; i < indices.Length; i++)
            {
                sum += values[i] * weights[indices[i]];
            }
            output[0] = biases[0] + sum;
            return;
        }
        var y = output[..width];
        biases.CopyTo(y);
        for (int i = 0; i < indices.Length; i++)
        {
            TensorPrimitives.MultiplyAdd(weights.Slice(indices[i] * width, width), values[i], y, y);
        }
    }

    /// <summary>Y (rows × out) for rows <paramref name="first"/>..+<paramref name="rows"/> of <paramref name="input"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Forward(SparseRows input, int first, int rows, ReadOnlySpan<float> weights, ReadOnlySpan<float> biases, Span<float> output)
    {
        int width = biases.Length;
        for (int r = 0; r < rows; r++)
        {
            ForwardRow(input.RowIndices(first + r), input.RowValues(first + r), weights, biases, output.Slice(r * width, width));
        }
    }

    /// <summary>
    /// dW[j, :] += Σ_r x_rj·Δ[r, :] for the slots j the rows hold (each added to <paramref name="touched"/> unless it is
    /// null), and db += Σ_r Δ[r, :].
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateParameterGradient(SparseRows input, int first, int rows, ReadOnlySpan<float> delta,
        Span<float> weightGradient, Span<float> biasGradient, TouchedRows? touched)
    {
        int width = biasGradient.Length;
        if (width == 1)
        {
            float biasSum = 0;
            for (int r = 0; r < rows; r++)
            {
                float d = delta[r];
                biasSum += d;
                var indices = input.RowIndices(first + r);
                var values = input.RowValues(first + r);
                if (touched is not null)
                {
                    for (int i = 0; i < indices.Length; i++)
                    {
                        touched.Add(indices[i]);
                    }
                }
                for (int i = 0; i < indices.Length; i++)
                {
                    weightGradient[indices[i]] += values[i] * d;
                }
            }
            biasGradient[0] += biasSum;
            return;
        }
        for (int r = 0; r < rows; r++)
        {
            var d = delta.Slice(r * width, width);
            TensorPrimitives.Add(biasGradient, d, biasGradient);
            var indices = input.RowIndices(first + r);
            var values = input.RowValues(first + r);
            for (int i = 0; i < indices.Length; i++)
            {
                int slot = indices[i];
                touched?.Add(slot);
                var row = weightGradient.Slice(slot * width, width);
                TensorPrimitives.MultiplyAdd(d, values[i], row, row);
            }
        }
    }
}
