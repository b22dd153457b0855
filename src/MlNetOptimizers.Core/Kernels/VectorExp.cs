using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MlNetOptimizers.Kernels;

/// <summary>
/// e^x on 16 lanes, Cephes' <c>expf</c>: n = round(x·log₂e), r = x − n·ln 2 (ln 2 in two parts, so r is exact to a few
/// ulp), e^r as 1 + r + r²·p(r) with Cephes' degree-5 polynomial p on [−ln 2/2, ln 2/2], times 2ⁿ built in the exponent bits.
/// Relative error within 2.5e-7 of e^x; inputs are clamped to [−87.3, 88.4], where 2ⁿ stays a normal float (so e^x below
/// e^−87.3 ≈ 1.2e-38 is returned as that). Training's softmax uses it instead of TensorPrimitives.Exp, which runs as
/// unoptimised tier-0 code through a short Fit; this method is compiled optimised at its first call.
/// </summary>
internal static class VectorExp
{
    private const float Lowest = -87.3365448f;
    private const float Highest = 88.3762626647949f; // n = 127 at most: 2ⁿ stays finite
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = -2.12194440e-4f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        x = Vector512.Min(Vector512.Max(x, Vector512.Create(Lowest)), Vector512.Create(Highest));
        var n = Vector512.Round(x * Vector512.Create(Log2E));
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2High), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Low), r);
        var p = Vector512.Create(1.9875691500e-4f);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.3981999507e-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(8.3334519073e-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(4.1665795894e-2f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.6666665459e-1f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(5.0000001201e-1f));
        var y = Vector512.FusedMultiplyAdd(p, r * r, r) + Vector512<float>.One;
        var scale = Vector512.ShiftLeft(Vector512.ConvertToInt32(n) + Vector512.Create(127), 23).AsSingle();
        return y * scale;
    }

    /// <summary>values ← e^values, in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ExpInPlace(Span<float> values)
    {
        const int Lanes = 16;
        if (values.IsEmpty)
        {
            return;
        }
        int i = 0;
        ref float start = ref values[0];
        for (; i + Lanes <= values.Length; i += Lanes)
        {
            Exp(Vector512.LoadUnsafe(ref start, (nuint)i)).StoreUnsafe(ref start, (nuint)i);
        }
        if (i < values.Length)
        {
            Span<float> tail = stackalloc float[Lanes];
            tail.Clear();
            values[i..].CopyTo(tail);
            Exp(Vector512.Create<float>(tail)).CopyTo(tail);
            tail[..(values.Length - i)].CopyTo(values[i..]);
        }
    }
}
