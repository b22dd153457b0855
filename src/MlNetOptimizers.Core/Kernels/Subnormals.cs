using System.Runtime.Intrinsics;

namespace MlNetOptimizers.Kernels;

/// <summary>
/// Flushes subnormal floats (0 &lt; |x| &lt; 2^-126) to zero, as GPUs and most BLAS builds run with FTZ/DAZ set. Weights
/// that only the L2 penalty moves (those of features constant in training, of ReLU units that never fire) shrink into
/// the subnormal range under Adam, and many x86 cores (Intel's among them) take a microcode assist of about a hundred
/// cycles for every multiplication with such an operand: measured on an Intel Xeon, 14% of an MLP's weights subnormal made
/// its epochs 10× slower. Their value is below any effect a weight can have on a score.
/// </summary>
internal static class Subnormals
{
    private const float SmallestNormal = 1.17549435e-38f;

    /// <summary>
    /// Sets every subnormal value of <paramref name="values"/> to +0 (writing only the vectors that hold one); returns whether
    /// every value is finite, checked in the same pass (a step's divergence check).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static bool FlushToZero(Span<float> values)
    {
        int i = 0;
        bool finite = true;
        if (Vector512.IsHardwareAccelerated)
        {
            var smallest = Vector512.Create(SmallestNormal);
            var nonFinite = Vector512<float>.Zero;
            ref float start = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(values);
            for (; i <= values.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var v = Vector512.LoadUnsafe(ref start, (nuint)i);
                nonFinite |= ~Vector512.Equals(v - v, Vector512<float>.Zero); // ∞ − ∞ and NaN − NaN are NaN
                var subnormal = Vector512.LessThan(Vector512.Abs(v), smallest) & ~Vector512.Equals(v, Vector512<float>.Zero);
                if (subnormal != Vector512<float>.Zero)
                {
                    Vector512.ConditionalSelect(subnormal, Vector512<float>.Zero, v).StoreUnsafe(ref start, (nuint)i);
                }
            }
            finite = nonFinite == Vector512<float>.Zero;
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var smallest = Vector256.Create(SmallestNormal);
            var nonFinite = Vector256<float>.Zero;
            ref float start = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(values);
            for (; i <= values.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)i);
                nonFinite |= ~Vector256.Equals(v - v, Vector256<float>.Zero); // ∞ − ∞ and NaN − NaN are NaN
                var subnormal = Vector256.LessThan(Vector256.Abs(v), smallest) & ~Vector256.Equals(v, Vector256<float>.Zero);
                if (subnormal != Vector256<float>.Zero)
                {
                    Vector256.ConditionalSelect(subnormal, Vector256<float>.Zero, v).StoreUnsafe(ref start, (nuint)i);
                }
            }
            finite = nonFinite == Vector256<float>.Zero;
        }
        for (; i < values.Length; i++)
        {
            finite &= float.IsFinite(values[i]);
            if (values[i] != 0 && MathF.Abs(values[i]) < SmallestNormal)
            {
                values[i] = 0;
            }
        }
        return finite;
    }
}
