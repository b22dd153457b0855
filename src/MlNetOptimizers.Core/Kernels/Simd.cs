using System.Runtime.Intrinsics;

namespace MlNetOptimizers.Kernels;

/// <summary>
/// Which vector code the kernels run. They are written with <see cref="Vector512{T}"/>: with AVX-512 each operation is one
/// instruction; with AVX2 alone (AMD Zen 3 and earlier, Intel's client cores) the JIT runs it as two 256-bit halves, which
/// measured as fast as code written for <see cref="Vector256{T}"/> and 20-30x faster than the scalar code these machines
/// used to fall back to (a product of 256 × 784 by 784 × 128: 1.5 GFLOP/s scalar, 42 vectorized, on a Zen 3 core). Only
/// the register blocks that hold more than 8 accumulators, which need twice AVX2's 16 vector registers, are left to AVX-512.
/// Every path sums each output in the same order, so a machine's scores do not depend on which path ran.
/// </summary>
internal static class Simd
{
    /// <summary>Whether the 512-bit kernels run at vector speed: natively (AVX-512) or as two 256-bit halves (AVX2).</summary>
    public static bool IsVectorized { get; } = Vector512.IsHardwareAccelerated || Vector256.IsHardwareAccelerated;

    /// <summary>Whether 512-bit vectors are native, so that register blocks of 12 or 16 accumulators fit the 32 vector registers.</summary>
    public static bool IsAvx512 { get; } = Vector512.IsHardwareAccelerated;

    /// <summary>Whether 256-bit vectors are the widest native ones (AVX2 without AVX-512): the kernels then use their AVX2 register blocks.</summary>
    public static bool IsAvx2Only { get; } = !Vector512.IsHardwareAccelerated && Vector256.IsHardwareAccelerated;

    /// <summary>
    /// The sum of a vector's 16 lanes in one fixed order, the same on every path (AVX-512, AVX2, no vector instructions):
    /// lane j + lane j + 8, then + 4, then the four in pairs, (0 + 2) + (1 + 3). <see cref="Vector512.Sum{T}"/> does not
    /// promise an order.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static float SumInFixedOrder(Vector512<float> v)
    {
        var eight = v.GetLower() + v.GetUpper();
        var four = eight.GetLower() + eight.GetUpper();
        return (four.GetElement(0) + four.GetElement(2)) + (four.GetElement(1) + four.GetElement(3));
    }
}
