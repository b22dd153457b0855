using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MlNetOptimizers;

/// <summary>
/// The products of a layer with fewer outputs than one vector has lanes (a linear model's K classes, an MLP's last layer),
/// computed class-major, where the blocked product would pad the K columns to 16 lanes and waste most of them: the
/// forward pass is K dot products per row against Wᵀ, the weight gradient K scaled sums of rows, both vectorised over the
/// input width. Wᵀ (K × in) lives in caller scratch, so nothing is allocated.
/// </summary>
internal static class NarrowOutput
{
    /// <summary>Layers narrower than this use these kernels.</summary>
    public const int MaxWidth = 15;

    private const int Lanes = 16;
    private const int Rows = 4;

    /// <summary>Y (rows × K) = b + X (rows × in) · W (in × K); <paramref name="transposed"/> (K × in) is scratch for Wᵀ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ReadOnlySpan<float> x, int rows, int width, ReadOnlySpan<float> weights, ReadOnlySpan<float> biases,
        Span<float> y, Span<float> transposed)
    {
        int k = biases.Length;
        var wT = Transpose(weights, width, k, transposed);
        int r = 0;
        for (; r + Rows <= rows; r += Rows)
        {
            var x0 = x.Slice(r * width, width);
            var x1 = x.Slice((r + 1) * width, width);
            var x2 = x.Slice((r + 2) * width, width);
            var x3 = x.Slice((r + 3) * width, width);
            for (int o = 0; o < k; o++)
            {
                var w = wT.Slice(o * width, width);
                Dot4(x0, x1, x2, x3, w, out float d0, out float d1, out float d2, out float d3);
                float b = biases[o];
                y[r * k + o] = b + d0;
                y[(r + 1) * k + o] = b + d1;
                y[(r + 2) * k + o] = b + d2;
                y[(r + 3) * k + o] = b + d3;
            }
        }
        for (; r < rows; r++)
        {
            var xr = x.Slice(r * width, width);
            for (int o = 0; o < k; o++)
            {
                y[r * k + o] = biases[o] + Dot(xr, wT.Slice(o * width, width));
            }
        }
    }

    /// <summary>
    /// dW (in × K) += Xᵀ·Δ, computed class-major as dWᵀ (K × in) = Δᵀ·X with the blocked product (the input width is its
    /// long, vectorised dimension) into <paramref name="transposed"/> (K × in scratch), then added to dW.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateWeightGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> delta, int rows, int width, int k,
        Span<float> weightGradient, Span<float> transposed)
    {
        if (k == 1)
        {
            // Δᵀ is one row: dW += Σ_r δ_r·x_r directly.
            for (int r = 0; r < rows; r++)
            {
                if (delta[r] != 0)
                {
                    Axpy(delta[r], x.Slice(r * width, width), weightGradient[..width]);
                }
            }
            return;
        }
        var gT = transposed[..(k * width)];
        // Δᵀ is read from Δ through strides: element (o, r) is delta[r·K + o].
        Gemm.Multiply(k, width, rows, delta, 1, k, x, gT, accumulate: false);
        for (int i = 0; i < width; i++)
        {
            var row = weightGradient.Slice(i * k, k);
            for (int o = 0; o < k; o++)
            {
                row[o] += gT[o * width + i];
            }
        }
    }

    private static ReadOnlySpan<float> Transpose(ReadOnlySpan<float> weights, int width, int k, Span<float> transposed)
    {
        if (k == 1)
        {
            return weights[..width]; // a single column is its own transpose
        }
        for (int i = 0; i < width; i++)
        {
            for (int o = 0; o < k; o++)
            {
                transposed[o * width + i] = weights[i * k + o];
            }
        }
        return transposed[..(k * width)];
    }

    /// <summary>Four dot products against the same vector, sharing its loads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dot4(ReadOnlySpan<float> a0, ReadOnlySpan<float> a1, ReadOnlySpan<float> a2, ReadOnlySpan<float> a3,
        ReadOnlySpan<float> b, out float d0, out float d1, out float d2, out float d3)
    {
        var s0 = Vector512<float>.Zero;
        var s1 = Vector512<float>.Zero;
        var s2 = Vector512<float>.Zero;
        var s3 = Vector512<float>.Zero;
        int i = 0;
        for (; i + Lanes <= b.Length; i += Lanes)
        {
            var bv = Vector512.Create(b.Slice(i, Lanes));
            s0 = Vector512.FusedMultiplyAdd(Vector512.Create(a0.Slice(i, Lanes)), bv, s0);
            s1 = Vector512.FusedMultiplyAdd(Vector512.Create(a1.Slice(i, Lanes)), bv, s1);
            s2 = Vector512.FusedMultiplyAdd(Vector512.Create(a2.Slice(i, Lanes)), bv, s2);
            s3 = Vector512.FusedMultiplyAdd(Vector512.Create(a3.Slice(i, Lanes)), bv, s3);
        }
        d0 = Vector512.Sum(s0);
        d1 = Vector512.Sum(s1);
        d2 = Vector512.Sum(s2);
        d3 = Vector512.Sum(s3);
        for (; i < b.Length; i++)
        {
            d0 += a0[i] * b[i];
            d1 += a1[i] * b[i];
            d2 += a2[i] * b[i];
            d3 += a3[i] * b[i];
        }
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector512<float>.Zero;
        int i = 0;
        for (; i + Lanes <= a.Length; i += Lanes)
        {
            sum = Vector512.FusedMultiplyAdd(Vector512.Create(a.Slice(i, Lanes)), Vector512.Create(b.Slice(i, Lanes)), sum);
        }
        float total = Vector512.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }
        return total;
    }

    /// <summary>y ← y + a·x.</summary>
    private static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        var av = Vector512.Create(a);
        int i = 0;
        for (; i + Lanes <= x.Length; i += Lanes)
        {
            var target = y.Slice(i, Lanes);
            Vector512.FusedMultiplyAdd(av, Vector512.Create(x.Slice(i, Lanes)), Vector512.Create(target)).CopyTo(target);
        }
        for (; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }
}
