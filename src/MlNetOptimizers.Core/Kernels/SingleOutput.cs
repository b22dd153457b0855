using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MlNetOptimizers;

/// <summary>
/// The products of a layer with a single output (the logit of a binary model), where the blocked product would
/// waste 15 of its 16 lanes: one dot product per row forward, one scaled row per row backward.
/// </summary>
internal static class SingleOutput
{
    /// <summary>y[r] = b + Σ_i x[r, i]·w[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ReadOnlySpan<float> x, int rows, int width, ReadOnlySpan<float> w, float bias, Span<float> y)
    {
        for (int r = 0; r < rows; r++)
        {
            y[r] = bias + Dot(x.Slice(r * width, width), w);
        }
    }

    /// <summary>dw[i] += Σ_r δ[r]·x[r, i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateWeightGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> delta, int rows, int width, Span<float> dw)
    {
        for (int r = 0; r < rows; r++)
        {
            float d = delta[r];
            if (d == 0)
            {
                continue;
            }
            var row = x.Slice(r * width, width);
            var dv = Vector256.Create(d);
            int i = 0;
            for (; i + 8 <= width; i += 8)
            {
                var target = dw.Slice(i, 8);
                Vector256.FusedMultiplyAdd(dv, Vector256.Create(row.Slice(i, 8)), Vector256.Create(target)).CopyTo(target);
            }
            for (; i < width; i++)
            {
                dw[i] += d * row[i];
            }
        }
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector256<float>.Zero;
        int i = 0;
        for (; i + 8 <= a.Length; i += 8)
        {
            sum = Vector256.FusedMultiplyAdd(Vector256.Create(a.Slice(i, 8)), Vector256.Create(b.Slice(i, 8)), sum);
        }
        float total = Vector256.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }
        return total;
    }
}
