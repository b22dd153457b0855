using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace MlNetOptimizers.Kernels;

/// <summary>
/// The three products of a dense layer over a batch of rows, with weights stored [in × out] so that the output width
/// is the vector dimension of the forward product and of the weight gradient.
/// </summary>
internal static class DenseLayerMath
{
    /// <summary>
    /// Y (rows × out) = X (rows × in) · W (in × out) + b. <paramref name="scratch"/> (<see cref="NarrowOutput.ScratchSize"/>
    /// floats) serves layers of at most <see cref="NarrowOutput.MaxWidth"/> outputs over several rows (it may be empty for
    /// one row of a layer summed along its outputs); <paramref name="columns"/>, when not empty, holds a layer that sums
    /// along its inputs (<see cref="NarrowOutput.SumsAlongInputs"/>) as <see cref="NarrowDotProducts.Columns"/>, a scorer's copy made once.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> input, int rows, int inWidth, ReadOnlySpan<float> weights,
        ReadOnlySpan<float> biases, Span<float> output, Span<float> scratch, ReadOnlySpan<float> columns = default)
    {
        int outWidth = biases.Length;
        if (outWidth <= NarrowOutput.MaxWidth && !columns.IsEmpty)
        {
            NarrowDotProducts.Forward(input, rows, inWidth, columns, biases, output);
            return;
        }
        if (outWidth <= NarrowOutput.MaxWidth && (rows > 1 || NarrowOutput.SumsAlongInputs(inWidth, outWidth)))
        {
            NarrowOutput.Forward(input, rows, inWidth, weights, biases, output, scratch);
            return;
        }
        if (rows == 1 && outWidth <= NarrowOutput.MaxWidth)
        {
            // One row into a narrow layer summed along its outputs (a one-row batch): y = b + Σ_i x_i · W[i, :], summed
            // from zero in input order with fused multiply-adds, exactly as NarrowOutput sums a batch, without padding W.
            var y = output[..outWidth];
            y.Clear();
            for (int i = 0; i < inWidth; i++)
            {
                if (input[i] != 0)
                {
                    TensorPrimitives.FusedMultiplyAdd(weights.Slice(i * outWidth, outWidth), input[i], y, y);
                }
            }
            TensorPrimitives.Add(biases, y, y);
            return;
        }
        for (int r = 0; r < rows; r++)
        {
            biases.CopyTo(output.Slice(r * outWidth, outWidth));
        }
        Gemm.Multiply(rows, outWidth, inWidth, input, inWidth, 1, weights, output, accumulate: true);
    }

    /// <summary>dW (in × out) += Xᵀ · Δ;  db += Σ_r Δ[r, :]. <paramref name="scratch"/> (<see cref="NarrowOutput.ScratchSize"/> floats) serves narrow layers.</summary>
    public static void AccumulateParameterGradient(ReadOnlySpan<float> input, ReadOnlySpan<float> delta, int rows,
        int inWidth, int outWidth, Span<float> weightGradient, Span<float> biasGradient, Span<float> scratch)
    {
        AddColumnSums(delta, rows, outWidth, biasGradient);
        if (outWidth <= NarrowOutput.MaxWidth)
        {
            NarrowOutput.AccumulateWeightGradient(input, delta, rows, inWidth, outWidth, weightGradient, scratch);
            return;
        }
        // Xᵀ is read from X through strides: element (i, r) is input[r·in + i].
        Gemm.Multiply(inWidth, outWidth, rows, input, 1, inWidth, delta, weightGradient, accumulate: true);
    }

    /// <summary>sums[j] += Σ_r matrix[r, j] for a rows × width row-major matrix.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void AddColumnSums(ReadOnlySpan<float> matrix, int rows, int width, Span<float> sums)
    {
        int j = 0;
        if (Simd.IsVectorized)
        {
            for (; j + 16 <= width; j += 16)
            {
                var acc = Vector512.Create(sums.Slice(j, 16));
                for (int r = 0; r < rows; r++)
                {
                    acc += Vector512.Create(matrix.Slice(r * width + j, 16));
                }
                acc.CopyTo(sums.Slice(j, 16));
            }
        }
        for (; j < width; j++)
        {
            float acc = sums[j];
            for (int r = 0; r < rows; r++)
            {
                acc += matrix[r * width + j];
            }
            sums[j] = acc;
        }
    }

    /// <summary>
    /// dX (rows × in) = Δ (rows × out) · Wᵀ; <paramref name="transposed"/> (out × in floats) is scratch for Wᵀ.
    /// </summary>
    public static void BackpropagateDelta(ReadOnlySpan<float> delta, int rows, int inWidth, int outWidth,
        ReadOnlySpan<float> weights, Span<float> inputDelta, Span<float> transposed)
    {
        for (int i = 0; i < inWidth; i++)
        {
            var row = weights.Slice(i * outWidth, outWidth);
            for (int o = 0; o < outWidth; o++)
            {
                transposed[o * inWidth + i] = row[o];
            }
        }
        Gemm.Multiply(rows, inWidth, outWidth, delta, outWidth, 1, transposed, inputDelta, accumulate: false);
    }
}
