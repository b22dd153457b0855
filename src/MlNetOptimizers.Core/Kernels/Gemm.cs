using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MlNetOptimizers.Kernels;

/// <summary>
/// Single-precision matrix product C (+)= A·B with B and C row-major and A read through strides, so that one kernel
/// serves X·Wᵀ (with Wᵀ pre-transposed), Δᵀ·X and Δ·W. Register-blocked 4 rows × 64 columns on AVX-512, 6 × 16 with
/// AVX2 (see <see cref="Simd"/>), with narrower blocks and scalar code for the edges.
/// </summary>
internal static class Gemm
{
    private const int Rows = 4;
    private const int Lanes = 16;

    /// <summary>Rows of B's 64-column panel used per sweep: 128 × 64 floats = 32 KB, inside a 48 KB L1 data cache.</summary>
    private const int KBlock = 128;

    /// <summary>Rows of C per register block with AVX2.</summary>
    private const int Avx2Rows = 6;

    /// <summary>Rows of B's 16-column panel per sweep with AVX2: 256 × 16 floats = 16 KB, half a 32 KB L1 data cache.</summary>
    private const int Avx2KBlock = 256;

    /// <summary>Below this many multiply-adds per column the padded vector tail costs more than scalar code.</summary>
    private const long PaddedTailMinimumWork = 64;

    /// <summary>
    /// C[i, j] (+)= Σ_p A(i, p)·B[p, j] for i &lt; m, j &lt; n, p &lt; k, where A(i, p) = a[i·aRowStride + p·aColStride],
    /// B[p, j] = b[p·n + j] and C[i, j] = c[i·n + j].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(int m, int n, int k, ReadOnlySpan<float> a, int aRowStride, int aColStride,
        ReadOnlySpan<float> b, Span<float> c, bool accumulate)
    {
        int vectorColumns = Simd.IsVectorized ? n / Lanes * Lanes : 0;
        // When every column is in a vector panel, the panels start from zero registers instead of a cleared C.
        bool fromZero = !accumulate && vectorColumns == n && k > 0;
        if (!accumulate && !fromZero)
        {
            c[..(m * n)].Clear();
        }
        if (m == 0 || n == 0 || k == 0)
        {
            return;
        }
        ref float a0 = ref Unsafe.AsRef(in a[0]);
        ref float b0 = ref Unsafe.AsRef(in b[0]);
        ref float c0 = ref c[0];

        int j = 0;
        // Panels of 64 columns, KBlock rows of B at a time: that piece of B's panel (32 KB) stays in the L1 cache while
        // the rows of A sweep past it; C's rows carry the sum from one piece to the next. Its 16 accumulators need AVX-512's
        // 32 registers: with AVX2 they spilled (27 GFLOP/s against 42 for 16-column panels on a Zen 3 core).
        for (; Simd.IsAvx512 && j + 4 * Lanes <= vectorColumns; j += 4 * Lanes)
        {
            for (int p0 = 0; p0 < k; p0 += KBlock)
            {
                Panel4(m, n, Math.Min(KBlock, k - p0), ref Unsafe.Add(ref a0, p0 * aColStride), aRowStride, aColStride,
                    ref Unsafe.Add(ref b0, p0 * n), ref c0, j, fromZero && p0 == 0);
            }
        }
        if (Simd.IsAvx2Only)
        {
            // AVX2: 6 rows × 16 columns of Vector256 halves, 12 accumulators in its 16 registers, B's panel in pieces.
            for (; j + Lanes <= vectorColumns; j += Lanes)
            {
                for (int p0 = 0; p0 < k; p0 += Avx2KBlock)
                {
                    Panel6Avx2(m, n, Math.Min(Avx2KBlock, k - p0), ref Unsafe.Add(ref a0, p0 * aColStride), aRowStride, aColStride,
                        ref Unsafe.Add(ref b0, p0 * n), ref c0, j, fromZero && p0 == 0);
                }
            }
        }
        for (; j + Lanes <= vectorColumns; j += Lanes)
        {
            Panel1(m, n, k, ref a0, aRowStride, aColStride, ref b0, ref c0, j, fromZero);
        }
        if (j < n)
        {
            if (Simd.IsVectorized && (long)m * k >= PaddedTailMinimumWork)
            {
                PaddedTail(m, n, k, a, aRowStride, aColStride, b, c, j);
            }
            else
            {
                ScalarColumns(m, n, k, ref a0, aRowStride, aColStride, ref b0, ref c0, j);
            }
        }
    }

    /// <summary>
    /// The last n − j0 &lt; 16 columns: copied into 16-wide zero-padded panels of B and C so that the vector kernel
    /// handles them too, then copied back.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PaddedTail(int m, int n, int k, ReadOnlySpan<float> a, int ars, int acs,
        ReadOnlySpan<float> b, Span<float> c, int j0)
    {
        int width = n - j0;
        var bPanel = System.Buffers.ArrayPool<float>.Shared.Rent(k * Lanes);
        var cPanel = System.Buffers.ArrayPool<float>.Shared.Rent(m * Lanes);
        try
        {
            for (int p = 0; p < k; p++)
            {
                var row = bPanel.AsSpan(p * Lanes, Lanes);
                b.Slice(p * n + j0, width).CopyTo(row);
                row[width..].Clear();
            }
            for (int i = 0; i < m; i++)
            {
                c.Slice(i * n + j0, width).CopyTo(cPanel.AsSpan(i * Lanes, Lanes));
            }
            Panel1(m, Lanes, k, ref Unsafe.AsRef(in a[0]), ars, acs, ref bPanel[0], ref cPanel[0], 0, fromZero: false);
            for (int i = 0; i < m; i++)
            {
                cPanel.AsSpan(i * Lanes, width).CopyTo(c.Slice(i * n + j0, width));
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(bPanel);
            System.Buffers.ArrayPool<float>.Shared.Return(cPanel);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Panel4(int m, int n, int k, ref float a, int ars, int acs, ref float b, ref float c, int j, bool fromZero)
    {
        int i = 0;
        for (; i + Rows <= m; i += Rows)
        {
            ref float c0 = ref Unsafe.Add(ref c, i * n + j);
            ref float c1 = ref Unsafe.Add(ref c0, n);
            ref float c2 = ref Unsafe.Add(ref c1, n);
            ref float c3 = ref Unsafe.Add(ref c2, n);
            var x00 = Start(fromZero, ref c0, 0); var x01 = Start(fromZero, ref c0, 16); var x02 = Start(fromZero, ref c0, 32); var x03 = Start(fromZero, ref c0, 48);
            var x10 = Start(fromZero, ref c1, 0); var x11 = Start(fromZero, ref c1, 16); var x12 = Start(fromZero, ref c1, 32); var x13 = Start(fromZero, ref c1, 48);
            var x20 = Start(fromZero, ref c2, 0); var x21 = Start(fromZero, ref c2, 16); var x22 = Start(fromZero, ref c2, 32); var x23 = Start(fromZero, ref c2, 48);
            var x30 = Start(fromZero, ref c3, 0); var x31 = Start(fromZero, ref c3, 16); var x32 = Start(fromZero, ref c3, 32); var x33 = Start(fromZero, ref c3, 48);
            ref float ap = ref Unsafe.Add(ref a, i * ars);
            ref float bp = ref Unsafe.Add(ref b, j);
            for (int p = 0; p < k; p++)
            {
                var b0 = Load(ref bp, 0); var b1 = Load(ref bp, 16); var b2 = Load(ref bp, 32); var b3 = Load(ref bp, 48);
                var a0 = Vector512.Create(ap);
                x00 = Vector512.FusedMultiplyAdd(a0, b0, x00); x01 = Vector512.FusedMultiplyAdd(a0, b1, x01);
                x02 = Vector512.FusedMultiplyAdd(a0, b2, x02); x03 = Vector512.FusedMultiplyAdd(a0, b3, x03);
                var a1 = Vector512.Create(Unsafe.Add(ref ap, ars));
                x10 = Vector512.FusedMultiplyAdd(a1, b0, x10); x11 = Vector512.FusedMultiplyAdd(a1, b1, x11);
                x12 = Vector512.FusedMultiplyAdd(a1, b2, x12); x13 = Vector512.FusedMultiplyAdd(a1, b3, x13);
                var a2 = Vector512.Create(Unsafe.Add(ref ap, 2 * ars));
                x20 = Vector512.FusedMultiplyAdd(a2, b0, x20); x21 = Vector512.FusedMultiplyAdd(a2, b1, x21);
                x22 = Vector512.FusedMultiplyAdd(a2, b2, x22); x23 = Vector512.FusedMultiplyAdd(a2, b3, x23);
                var a3 = Vector512.Create(Unsafe.Add(ref ap, 3 * ars));
                x30 = Vector512.FusedMultiplyAdd(a3, b0, x30); x31 = Vector512.FusedMultiplyAdd(a3, b1, x31);
                x32 = Vector512.FusedMultiplyAdd(a3, b2, x32); x33 = Vector512.FusedMultiplyAdd(a3, b3, x33);
                ap = ref Unsafe.Add(ref ap, acs);
                bp = ref Unsafe.Add(ref bp, n);
            }
            Store(x00, ref c0, 0); Store(x01, ref c0, 16); Store(x02, ref c0, 32); Store(x03, ref c0, 48);
            Store(x10, ref c1, 0); Store(x11, ref c1, 16); Store(x12, ref c1, 32); Store(x13, ref c1, 48);
            Store(x20, ref c2, 0); Store(x21, ref c2, 16); Store(x22, ref c2, 32); Store(x23, ref c2, 48);
            Store(x30, ref c3, 0); Store(x31, ref c3, 16); Store(x32, ref c3, 32); Store(x33, ref c3, 48);
        }
        for (; i < m; i++)
        {
            ref float ci = ref Unsafe.Add(ref c, i * n + j);
            var x0 = Start(fromZero, ref ci, 0); var x1 = Start(fromZero, ref ci, 16); var x2 = Start(fromZero, ref ci, 32); var x3 = Start(fromZero, ref ci, 48);
            ref float ap = ref Unsafe.Add(ref a, i * ars);
            ref float bp = ref Unsafe.Add(ref b, j);
            for (int p = 0; p < k; p++)
            {
                var av = Vector512.Create(ap);
                x0 = Vector512.FusedMultiplyAdd(av, Load(ref bp, 0), x0);
                x1 = Vector512.FusedMultiplyAdd(av, Load(ref bp, 16), x1);
                x2 = Vector512.FusedMultiplyAdd(av, Load(ref bp, 32), x2);
                x3 = Vector512.FusedMultiplyAdd(av, Load(ref bp, 48), x3);
                ap = ref Unsafe.Add(ref ap, acs);
                bp = ref Unsafe.Add(ref bp, n);
            }
            Store(x0, ref ci, 0); Store(x1, ref ci, 16); Store(x2, ref ci, 32); Store(x3, ref ci, 48);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Panel1(int m, int n, int k, ref float a, int ars, int acs, ref float b, ref float c, int j, bool fromZero)
    {
        int i = 0;
        for (; i + Rows <= m; i += Rows)
        {
            ref float c0 = ref Unsafe.Add(ref c, i * n + j);
            var x0 = Start(fromZero, ref c0, 0);
            var x1 = Start(fromZero, ref c0, n);
            var x2 = Start(fromZero, ref c0, 2 * n);
            var x3 = Start(fromZero, ref c0, 3 * n);
            ref float ap = ref Unsafe.Add(ref a, i * ars);
            ref float bp = ref Unsafe.Add(ref b, j);
            for (int p = 0; p < k; p++)
            {
                var bv = Load(ref bp, 0);
                x0 = Vector512.FusedMultiplyAdd(Vector512.Create(ap), bv, x0);
                x1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref ap, ars)), bv, x1);
                x2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref ap, 2 * ars)), bv, x2);
                x3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref ap, 3 * ars)), bv, x3);
                ap = ref Unsafe.Add(ref ap, acs);
                bp = ref Unsafe.Add(ref bp, n);
            }
            Store(x0, ref c0, 0);
            Store(x1, ref c0, n);
            Store(x2, ref c0, 2 * n);
            Store(x3, ref c0, 3 * n);
        }
        for (; i < m; i++)
        {
            ref float ci = ref Unsafe.Add(ref c, i * n + j);
            var x = Start(fromZero, ref ci, 0);
            ref float ap = ref Unsafe.Add(ref a, i * ars);
            ref float bp = ref Unsafe.Add(ref b, j);
            for (int p = 0; p < k; p++)
            {
                x = Vector512.FusedMultiplyAdd(Vector512.Create(ap), Load(ref bp, 0), x);
                ap = ref Unsafe.Add(ref ap, acs);
                bp = ref Unsafe.Add(ref bp, n);
            }
            Store(x, ref ci, 0);
        }
    }

    /// <summary>
    /// The 16 columns from <paramref name="j"/> of C (+)= A·B with AVX2: six rows at a time (<see cref="Rows6Avx2"/>), the
    /// rows left over through <see cref="Panel1"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Panel6Avx2(int m, int n, int k, ref float a, int ars, int acs, ref float b, ref float c, int j, bool fromZero)
    {
        int i = Rows6Avx2(m, n, k, ref a, ars, acs, ref b, ref c, j, fromZero);
        if (i < m)
        {
            Panel1(m - i, n, k, ref Unsafe.Add(ref a, i * ars), ars, acs, ref b, ref Unsafe.Add(ref c, i * n), j, fromZero);
        }
    }

    /// <summary>
    /// The AVX2 register block, shared with <see cref="NarrowOutput"/>: C[i, j..j+16) (+)= Σ_p A(i, p)·B[p, j..j+16) for
    /// the first rows of C in multiples of six, 12 Vector256 accumulators (two per row), each B row loaded once per six
    /// rows; B and C rows are <paramref name="n"/> floats apart. Returns the rows done. Each element is the same chain of
    /// fused multiply-adds in p order as on every other path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int Rows6Avx2(int m, int n, int k, ref float a, int ars, int acs, ref float b, ref float c, int j, bool fromZero)
    {
        int i = 0;
        for (; i + Avx2Rows <= m; i += Avx2Rows)
        {
            ref float c0 = ref Unsafe.Add(ref c, i * n + j);
            ref float c1 = ref Unsafe.Add(ref c0, n);
            ref float c2 = ref Unsafe.Add(ref c1, n);
            ref float c3 = ref Unsafe.Add(ref c2, n);
            ref float c4 = ref Unsafe.Add(ref c3, n);
            ref float c5 = ref Unsafe.Add(ref c4, n);
            var x00 = Start256(fromZero, ref c0, 0); var x01 = Start256(fromZero, ref c0, 8);
            var x10 = Start256(fromZero, ref c1, 0); var x11 = Start256(fromZero, ref c1, 8);
            var x20 = Start256(fromZero, ref c2, 0); var x21 = Start256(fromZero, ref c2, 8);
            var x30 = Start256(fromZero, ref c3, 0); var x31 = Start256(fromZero, ref c3, 8);
            var x40 = Start256(fromZero, ref c4, 0); var x41 = Start256(fromZero, ref c4, 8);
            var x50 = Start256(fromZero, ref c5, 0); var x51 = Start256(fromZero, ref c5, 8);
            ref float ap = ref Unsafe.Add(ref a, i * ars);
            ref float bp = ref Unsafe.Add(ref b, j);
            for (int p = 0; p < k; p++)
            {
                var b0 = Vector256.LoadUnsafe(ref bp);
                var b1 = Vector256.LoadUnsafe(ref bp, 8);
                var a0 = Vector256.Create(ap);
                x00 = Vector256.FusedMultiplyAdd(a0, b0, x00); x01 = Vector256.FusedMultiplyAdd(a0, b1, x01);
                var a1 = Vector256.Create(Unsafe.Add(ref ap, ars));
                x10 = Vector256.FusedMultiplyAdd(a1, b0, x10); x11 = Vector256.FusedMultiplyAdd(a1, b1, x11);
                var a2 = Vector256.Create(Unsafe.Add(ref ap, 2 * ars));
                x20 = Vector256.FusedMultiplyAdd(a2, b0, x20); x21 = Vector256.FusedMultiplyAdd(a2, b1, x21);
                var a3 = Vector256.Create(Unsafe.Add(ref ap, 3 * ars));
                x30 = Vector256.FusedMultiplyAdd(a3, b0, x30); x31 = Vector256.FusedMultiplyAdd(a3, b1, x31);
                var a4 = Vector256.Create(Unsafe.Add(ref ap, 4 * ars));
                x40 = Vector256.FusedMultiplyAdd(a4, b0, x40); x41 = Vector256.FusedMultiplyAdd(a4, b1, x41);
                var a5 = Vector256.Create(Unsafe.Add(ref ap, 5 * ars));
                x50 = Vector256.FusedMultiplyAdd(a5, b0, x50); x51 = Vector256.FusedMultiplyAdd(a5, b1, x51);
                ap = ref Unsafe.Add(ref ap, acs);
                bp = ref Unsafe.Add(ref bp, n);
            }
            x00.StoreUnsafe(ref c0); x01.StoreUnsafe(ref c0, 8);
            x10.StoreUnsafe(ref c1); x11.StoreUnsafe(ref c1, 8);
            x20.StoreUnsafe(ref c2); x21.StoreUnsafe(ref c2, 8);
            x30.StoreUnsafe(ref c3); x31.StoreUnsafe(ref c3, 8);
            x40.StoreUnsafe(ref c4); x41.StoreUnsafe(ref c4, 8);
            x50.StoreUnsafe(ref c5); x51.StoreUnsafe(ref c5, 8);
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Start256(bool fromZero, ref float source, int offset) =>
        fromZero ? Vector256<float>.Zero : Vector256.LoadUnsafe(ref source, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScalarColumns(int m, int n, int k, ref float a, int ars, int acs, ref float b, ref float c, int j0)
    {
        for (int i = 0; i < m; i++)
        {
            ref float ai = ref Unsafe.Add(ref a, i * ars);
            ref float ci = ref Unsafe.Add(ref c, i * n);
            for (int p = 0; p < k; p++)
            {
                float av = Unsafe.Add(ref ai, p * acs);
                if (av == 0)
                {
                    continue;
                }
                ref float bp = ref Unsafe.Add(ref b, p * n);
                for (int j = j0; j < n; j++)
                {
                    Unsafe.Add(ref ci, j) = MathF.FusedMultiplyAdd(av, Unsafe.Add(ref bp, j), Unsafe.Add(ref ci, j));
                }
            }
        }
    }

    /// <summary>C's current value, or zero when the product starts from zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Start(bool fromZero, ref float source, int offset) =>
        fromZero ? Vector512<float>.Zero : Load(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Load(ref float source, int offset) => Vector512.LoadUnsafe(ref source, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<float> value, ref float destination, int offset) =>
        value.StoreUnsafe(ref destination, (nuint)offset);
}
