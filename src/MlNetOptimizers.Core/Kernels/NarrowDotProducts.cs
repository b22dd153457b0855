using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlNetOptimizers.Kernels;

/// <summary>
/// The forward product of a narrow layer over many inputs (<see cref="NarrowOutput.SumsAlongInputs"/>) as dot products of
/// each row with W's columns: lane j sums x_i·W[i, o] for i ≡ j mod 16 in input order with fused multiply-adds (the last
/// partial chunk zero-padded), the lanes are added in a fixed order (<see cref="Simd.SumInFixedOrder"/>), then the bias.
/// Blocks of 4 rows × 2 outputs (8 rows × 1 output when K = 1), one row as 8, then 2, then 1 output at a time: each output
/// the same sum whichever block computes it, so a batch and a row score alike. W's columns are made once by a scorer
/// (<see cref="Columns"/>) or written into training's scratch per batch.
/// </summary>
internal static class NarrowDotProducts
{
    private const int Lanes = 16;

    /// <summary>The length of each of W's columns as <see cref="Columns"/> stores them: the layer's inputs rounded up to whole vectors.</summary>
    public static int ColumnLength(int width) => (width + Lanes - 1) / Lanes * Lanes;

    /// <summary>W (in × K) as K columns of <see cref="ColumnLength"/> floats, zero past the layer's inputs: what <see cref="Forward(ReadOnlySpan{float}, int, int, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/> reads.</summary>
    public static float[] Columns(ReadOnlySpan<float> weights, int width, int k)
    {
        var columns = new float[k * ColumnLength(width)];
        WriteColumns(weights, width, k, columns);
        return columns;
    }

    public static void WriteColumns(ReadOnlySpan<float> weights, int width, int k, Span<float> columns)
    {
        int length = ColumnLength(width);
        columns[..(k * length)].Clear();
        for (int i = 0; i < width; i++)
        {
            var row = weights.Slice(i * k, k);
            for (int o = 0; o < k; o++)
            {
                columns[o * length + i] = row[o];
            }
        }
    }

    /// <summary>
    /// Y (rows × K) = b + X (rows × in) · W, W given as its <see cref="Columns"/>: blocks of 4 rows × 2 outputs (8 rows × 1
    /// output when K = 1), the rows past the last whole block one by one (<see cref="ForwardRow"/>); the same sums either way.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> x, int rows, int width, ReadOnlySpan<float> columns, ReadOnlySpan<float> biases,
        Span<float> y) => ForwardRows(new RowSource(x, null, width), rows, width, columns, biases, y);

    /// <summary>The same over rows that live in arrays of their own (<paramref name="x"/>[r], at least <paramref name="width"/> floats each).</summary>
    public static void Forward(float[][] x, int rows, int width, ReadOnlySpan<float> columns, ReadOnlySpan<float> biases,
        Span<float> y) => ForwardRows(new RowSource(default, x, width), rows, width, columns, biases, y);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardRows(RowSource x, int rows, int width, ReadOnlySpan<float> columns, ReadOnlySpan<float> biases, Span<float> y)
    {
        int k = biases.Length;
        int length = ColumnLength(width), chunks = width / Lanes, tail = width - chunks * Lanes;
        bool hasTail = tail > 0;
        // Each row's last partial chunk, zero-padded: reading past the row would take the next row's values (NaN among them).
        Span<float> tails = stackalloc float[8 * Lanes];
        ref float c0 = ref MemoryMarshal.GetReference(columns);
        ref float t = ref tails[0];
        int block = k == 1 ? 8 : 4, r = 0;
        for (; r + block <= rows; r += block)
        {
            for (int b = 0; b < block; b++)
            {
                CopyTail(x.Span(r + b), chunks, tail, tails.Slice(b * Lanes, Lanes));
            }
            if (k == 1)
            {
                Block8x1(ref x.Row(r), ref x.Row(r + 1), ref x.Row(r + 2), ref x.Row(r + 3), ref x.Row(r + 4), ref x.Row(r + 5),
                    ref x.Row(r + 6), ref x.Row(r + 7), chunks, hasTail, ref t, ref c0, out var sums);
                for (int b = 0; b < 8; b++)
                {
                    y[r + b] = biases[0] + sums[b];
                }
                continue;
            }
            for (int o = 0; o < k; o += 2)
            {
                // An odd K's last pair repeats its output (computed, not stored).
                int o1 = Math.Min(o + 1, k - 1);
                Block4x2(ref x.Row(r), ref x.Row(r + 1), ref x.Row(r + 2), ref x.Row(r + 3), chunks, hasTail, ref t,
                    ref Unsafe.Add(ref c0, o * length), ref Unsafe.Add(ref c0, o1 * length), out var sums);
                for (int b = 0; b < 4; b++)
                {
                    y[(r + b) * k + o] = biases[o] + sums[2 * b];
                    y[(r + b) * k + o1] = biases[o1] + sums[2 * b + 1];
                }
            }
        }
        for (; r < rows; r++)
        {
            ForwardRow(x.Span(r), columns, biases, y.Slice(r * k, k));
        }
    }

    /// <summary>Where row r of a batch is: in one matrix of rows × width, or in an array of its own.</summary>
    private readonly ref struct RowSource
    {
        private readonly ReadOnlySpan<float> _matrix;
        private readonly float[][]? _arrays;
        private readonly int _width;

        public RowSource(ReadOnlySpan<float> matrix, float[][]? arrays, int width)
        {
            _matrix = matrix;
            _arrays = arrays;
            _width = width;
        }

        public ref float Row(int r) => ref _arrays is null
            ? ref Unsafe.Add(ref MemoryMarshal.GetReference(_matrix), r * _width)
            : ref MemoryMarshal.GetArrayDataReference(_arrays[r]);

        public ReadOnlySpan<float> Span(int r) => _arrays is null ? _matrix.Slice(r * _width, _width) : _arrays[r].AsSpan(0, _width);
    }

    /// <summary>
    /// y (K) = b + x · W for one row, W given as its <see cref="Columns"/>: 8, then 2, then 1 output at a time, each output
    /// summed exactly as <see cref="Forward(ReadOnlySpan{float}, int, int, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/> sums it in a block of rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForwardRow(ReadOnlySpan<float> x, ReadOnlySpan<float> columns, ReadOnlySpan<float> biases, Span<float> y)
    {
        int k = biases.Length, width = x.Length;
        int length = ColumnLength(width), chunks = width / Lanes, tail = width - chunks * Lanes;
        Span<float> rowTail = stackalloc float[Lanes];
        CopyTail(x, chunks, tail, rowTail);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float c0 = ref MemoryMarshal.GetReference(columns);
        int o = 0;
        for (; o + 8 <= k; o += 8)
        {
            Block1x8(ref x0, chunks, tail > 0, ref rowTail[0], ref Unsafe.Add(ref c0, o * length), length, out var sums);
            for (int j = 0; j < 8; j++)
            {
                y[o + j] = biases[o + j] + sums[j];
            }
        }
        for (; o + 2 <= k; o += 2)
        {
            Block1x2(ref x0, chunks, tail > 0, ref rowTail[0], ref Unsafe.Add(ref c0, o * length), length, out float s0, out float s1);
            y[o] = biases[o] + s0;
            y[o + 1] = biases[o + 1] + s1;
        }
        if (o < k)
        {
            Block1x2(ref x0, chunks, tail > 0, ref rowTail[0], ref Unsafe.Add(ref c0, o * length), 0, out float s0, out _);
            y[o] = biases[o] + s0;
        }
    }

    private static void CopyTail(ReadOnlySpan<float> row, int chunks, int tail, Span<float> target)
    {
        if (tail > 0)
        {
            target.Clear();
            row.Slice(chunks * Lanes, tail).CopyTo(target);
        }
    }

    [InlineArray(8)]
    private struct Eight
    {
        private float _element;

        /// <summary>The eight accumulators' sums, each in <see cref="Simd.SumInFixedOrder"/>'s order.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Eight Of(in Vector512<float> a0, in Vector512<float> a1, in Vector512<float> a2, in Vector512<float> a3,
            in Vector512<float> a4, in Vector512<float> a5, in Vector512<float> a6, in Vector512<float> a7)
        {
            Eight sums = default;
            sums[0] = Simd.SumInFixedOrder(a0); sums[1] = Simd.SumInFixedOrder(a1);
            sums[2] = Simd.SumInFixedOrder(a2); sums[3] = Simd.SumInFixedOrder(a3);
            sums[4] = Simd.SumInFixedOrder(a4); sums[5] = Simd.SumInFixedOrder(a5);
            sums[6] = Simd.SumInFixedOrder(a6); sums[7] = Simd.SumInFixedOrder(a7);
            return sums;
        }
    }

    /// <summary>Four rows by two columns: 8 independent chains of multiply-adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4x2(ref float r0, ref float r1, ref float r2, ref float r3, int chunks, bool hasTail, ref float tails,
        ref float w0, ref float w1, out Eight sums)
    {
        var a00 = Vector512<float>.Zero; var a01 = Vector512<float>.Zero; var a10 = Vector512<float>.Zero; var a11 = Vector512<float>.Zero;
        var a20 = Vector512<float>.Zero; var a21 = Vector512<float>.Zero; var a30 = Vector512<float>.Zero; var a31 = Vector512<float>.Zero;
        nuint p = 0;
        for (int c = 0; c < chunks; c++, p += Lanes)
        {
            var b0 = Vector512.LoadUnsafe(ref w0, p);
            var b1 = Vector512.LoadUnsafe(ref w1, p);
            var v0 = Vector512.LoadUnsafe(ref r0, p);
            var v1 = Vector512.LoadUnsafe(ref r1, p);
            a00 = Vector512.FusedMultiplyAdd(v0, b0, a00);
            a01 = Vector512.FusedMultiplyAdd(v0, b1, a01);
            a10 = Vector512.FusedMultiplyAdd(v1, b0, a10);
            a11 = Vector512.FusedMultiplyAdd(v1, b1, a11);
            var v2 = Vector512.LoadUnsafe(ref r2, p);
            var v3 = Vector512.LoadUnsafe(ref r3, p);
            a20 = Vector512.FusedMultiplyAdd(v2, b0, a20);
            a21 = Vector512.FusedMultiplyAdd(v2, b1, a21);
            a30 = Vector512.FusedMultiplyAdd(v3, b0, a30);
            a31 = Vector512.FusedMultiplyAdd(v3, b1, a31);
        }
        if (hasTail)
        {
            var b0 = Vector512.LoadUnsafe(ref w0, p);
            var b1 = Vector512.LoadUnsafe(ref w1, p);
            var v0 = Vector512.LoadUnsafe(ref tails, 0);
            var v1 = Vector512.LoadUnsafe(ref tails, Lanes);
            var v2 = Vector512.LoadUnsafe(ref tails, 2 * Lanes);
            var v3 = Vector512.LoadUnsafe(ref tails, 3 * Lanes);
            a00 = Vector512.FusedMultiplyAdd(v0, b0, a00);
            a01 = Vector512.FusedMultiplyAdd(v0, b1, a01);
            a10 = Vector512.FusedMultiplyAdd(v1, b0, a10);
            a11 = Vector512.FusedMultiplyAdd(v1, b1, a11);
            a20 = Vector512.FusedMultiplyAdd(v2, b0, a20);
            a21 = Vector512.FusedMultiplyAdd(v2, b1, a21);
            a30 = Vector512.FusedMultiplyAdd(v3, b0, a30);
            a31 = Vector512.FusedMultiplyAdd(v3, b1, a31);
        }
        sums = Eight.Of(a00, a01, a10, a11, a20, a21, a30, a31);
    }

    /// <summary>Eight rows by one column: 8 independent chains of multiply-adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block8x1(ref float r0, ref float r1, ref float r2, ref float r3, ref float r4, ref float r5, ref float r6,
        ref float r7, int chunks, bool hasTail, ref float tails, ref float w, out Eight sums)
    {
        var a0 = Vector512<float>.Zero; var a1 = Vector512<float>.Zero; var a2 = Vector512<float>.Zero; var a3 = Vector512<float>.Zero;
        var a4 = Vector512<float>.Zero; var a5 = Vector512<float>.Zero; var a6 = Vector512<float>.Zero; var a7 = Vector512<float>.Zero;
        nuint p = 0;
        for (int c = 0; c < chunks; c++, p += Lanes)
        {
            var b = Vector512.LoadUnsafe(ref w, p);
            a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r0, p), b, a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r1, p), b, a1);
            a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r2, p), b, a2);
            a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r3, p), b, a3);
            a4 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r4, p), b, a4);
            a5 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r5, p), b, a5);
            a6 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r6, p), b, a6);
            a7 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref r7, p), b, a7);
        }
        if (hasTail)
        {
            var b = Vector512.LoadUnsafe(ref w, p);
            a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref tails, 0), b, a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref tails, Lanes), b, a1);
            a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref tails, 2 * Lanes), b, a2);
            a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref tails, 3 * Lanes), b, a3);
            a4 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref tails, 4 * Lanes), b, a4);
            a5 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref tails, 5 * Lanes), b, a5);
            a6 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref tails, 6 * Lanes), b, a6);
            a7 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref tails, 7 * Lanes), b, a7);
        }
        sums = Eight.Of(a0, a1, a2, a3, a4, a5, a6, a7);
    }

    /// <summary>One row by eight columns (<paramref name="stride"/> floats apart): 8 independent chains of multiply-adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block1x8(ref float x, int chunks, bool hasTail, ref float tail, ref float w, int stride, out Eight sums)
    {
        ref float w1 = ref Unsafe.Add(ref w, stride);
        ref float w2 = ref Unsafe.Add(ref w, 2 * stride);
        ref float w3 = ref Unsafe.Add(ref w, 3 * stride);
        ref float w4 = ref Unsafe.Add(ref w, 4 * stride);
        ref float w5 = ref Unsafe.Add(ref w, 5 * stride);
        ref float w6 = ref Unsafe.Add(ref w, 6 * stride);
        ref float w7 = ref Unsafe.Add(ref w, 7 * stride);
        var a0 = Vector512<float>.Zero; var a1 = Vector512<float>.Zero; var a2 = Vector512<float>.Zero; var a3 = Vector512<float>.Zero;
        var a4 = Vector512<float>.Zero; var a5 = Vector512<float>.Zero; var a6 = Vector512<float>.Zero; var a7 = Vector512<float>.Zero;
        nuint p = 0;
        for (int c = 0; c < chunks; c++, p += Lanes)
        {
            var v = Vector512.LoadUnsafe(ref x, p);
            a0 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w, p), a0);
            a1 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w1, p), a1);
            a2 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w2, p), a2);
            a3 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w3, p), a3);
            a4 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w4, p), a4);
            a5 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w5, p), a5);
            a6 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w6, p), a6);
            a7 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w7, p), a7);
        }
        if (hasTail)
        {
            var v = Vector512.LoadUnsafe(ref tail);
            a0 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w, p), a0);
            a1 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w1, p), a1);
            a2 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w2, p), a2);
            a3 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w3, p), a3);
            a4 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w4, p), a4);
            a5 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w5, p), a5);
            a6 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w6, p), a6);
            a7 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w7, p), a7);
        }
        sums = Eight.Of(a0, a1, a2, a3, a4, a5, a6, a7);
    }

    /// <summary>One row by two columns (<paramref name="stride"/> floats apart; 0: the same column twice).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block1x2(ref float x, int chunks, bool hasTail, ref float tail, ref float w, int stride, out float sum0, out float sum1)
    {
        ref float w1 = ref Unsafe.Add(ref w, stride);
        var a0 = Vector512<float>.Zero; var a1 = Vector512<float>.Zero;
        nuint p = 0;
        for (int c = 0; c < chunks; c++, p += Lanes)
        {
            var v = Vector512.LoadUnsafe(ref x, p);
            a0 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w, p), a0);
            a1 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w1, p), a1);
        }
        if (hasTail)
        {
            var v = Vector512.LoadUnsafe(ref tail);
            a0 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w, p), a0);
            a1 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w1, p), a1);
        }
        sum0 = Simd.SumInFixedOrder(a0);
        sum1 = Simd.SumInFixedOrder(a1);
    }
}
