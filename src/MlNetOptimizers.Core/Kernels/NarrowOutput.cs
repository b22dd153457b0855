using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MlNetOptimizers.Kernels;

/// <summary>
/// The products of a layer with fewer outputs than one vector has lanes (a linear model's K classes, a binary model's one
/// output, an MLP's last layer), where the blocked product would waste the lanes past K. The forward product runs one of
/// two ways, chosen by the layer's shape (<see cref="SumsAlongInputs"/>): along the outputs, K padded to 16 lanes, 12 rows
/// at a time, each output summed in input order from zero, then the bias; or, for many inputs, as dot products of each
/// row with W's columns (<see cref="NarrowDotProducts"/>). The same arithmetic runs for one row and for a batch, whatever
/// the register block, so every scorer gives identical scores. The weight gradient runs 12 rows × K padded to 16 lanes
/// (of one output, K = 1: a scaled sum of rows). The copies (W padded or as columns, Δ padded) live in caller scratch of
/// <see cref="ScratchSize"/> floats, or are made once (<see cref="NarrowDotProducts.Columns"/>), so nothing is allocated.
/// </summary>
internal static class NarrowOutput
{
    /// <summary>Layers narrower than this use these kernels.</summary>
    public const int MaxWidth = 15;

    private const int Lanes = 16;
    private const int Rows = 4;
    private const int BlockRows = 12;

    /// <summary>Floats of scratch the kernels need for a layer of <paramref name="width"/> inputs over up to <paramref name="rows"/> rows.</summary>
    public static long ScratchSize(long width, long rows) => (width + rows + Lanes) * Lanes;

    /// <summary>
    /// Whether a narrow layer of <paramref name="width"/> inputs and <paramref name="k"/> outputs sums along its inputs
    /// (dot products, <see cref="NarrowDotProducts"/>) rather than along its outputs (one 16-lane multiply-add per input,
    /// K lanes of them used): when k·(width/16 + 8), the dot products' vector operations with their reductions, is below
    /// the width. A linear model over hundreds of
    /// features does (MNIST's 784 → 10; every binary model over 9 or more); an MLP's 128 → 10 output layer does not. Every
    /// path of a layer asks this, so that it sums each output the same way.
    /// </summary>
    public static bool SumsAlongInputs(int width, int k) => k * (width / Lanes + 8) < width;

    /// <summary>Y (rows × K) = b + X (rows × in) · W (in × K); <paramref name="scratch"/> holds <see cref="ScratchSize"/> floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ReadOnlySpan<float> x, int rows, int width, ReadOnlySpan<float> weights, ReadOnlySpan<float> biases,
        Span<float> y, Span<float> scratch)
    {
        int k = biases.Length;
        if (SumsAlongInputs(width, k))
        {
            var columns = scratch[..(k * NarrowDotProducts.ColumnLength(width))];
            NarrowDotProducts.WriteColumns(weights, width, k, columns);
            NarrowDotProducts.Forward(x, rows, width, columns, biases, y);
            return;
        }
        if (rows == 0 || width == 0)
        {
            for (int r = 0; r < rows; r++)
            {
                biases.CopyTo(y.Slice(r * k, k));
            }
            return;
        }
        // Along the outputs: each output summed in input order from zero, then the bias, as NetworkPredictor sums one row.
        var padded = Pad(weights, width, k, scratch[..(width * Lanes)]);
        var result = scratch.Slice(width * Lanes, rows * Lanes);
        Product16(rows, width, ref Unsafe.AsRef(in x[0]), width, 1, ref padded[0], ref result[0]);
        for (int r = 0; r < rows; r++)
        {
            var row = result.Slice(r * Lanes, k);
            var target = y.Slice(r * k, k);
            for (int o = 0; o < k; o++)
            {
                target[o] = biases[o] + row[o];
            }
        }
    }

    /// <summary>
    /// dW (in × K) += Xᵀ·Δ: Δ padded to 16 lanes, then the product Xᵀ (read from X through strides) · Δ into 16-lane rows,
    /// whose first K lanes are added to dW. <paramref name="scratch"/> holds <see cref="ScratchSize"/> floats.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateWeightGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> delta, int rows, int width, int k,
        Span<float> weightGradient, Span<float> scratch)
    {
        if (rows == 0 || width == 0)
        {
            return;
        }
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
        var padded = Pad(delta, rows, k, scratch[..(rows * Lanes)]);
        var result = scratch.Slice(rows * Lanes, width * Lanes);
        // Xᵀ is read from X through strides: element (i, r) is x[r·in + i].
        Product16(width, rows, ref Unsafe.AsRef(in x[0]), 1, width, ref padded[0], ref result[0]);
        for (int i = 0; i < width; i++)
        {
            var row = result.Slice(i * Lanes, k);
            var target = weightGradient.Slice(i * k, k);
            for (int o = 0; o < k; o++)
            {
                target[o] += row[o];
            }
        }
    }

    /// <summary>Copies a rows × K matrix into rows of 16 lanes, zero past K.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Span<float> Pad(ReadOnlySpan<float> matrix, int rows, int k, Span<float> padded)
    {
        padded.Clear();
        for (int r = 0; r < rows; r++)
        {
            matrix.Slice(r * k, k).CopyTo(padded.Slice(r * Lanes, k));
        }
        return padded;
    }

    /// <summary>
    /// C[i, 0..16) = Σ_p A(i, p)·B[p, 0..16) for i &lt; m, p &lt; depth, where A(i, p) = a[i·ars + p·acs], B's rows are 16
    /// floats apart and C's rows are 16 floats apart. Twelve rows of C in registers at a time (six with AVX2).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Product16(int m, int depth, ref float a, int ars, int acs, ref float b, ref float c)
    {
        int i = 0;
        if (Simd.IsAvx2Only)
        {
            // Gemm's AVX2 block over 16-lane rows, from zero: the 12-row block's 24 halves would not fit AVX2's 16 registers.
            i = Gemm.Rows6Avx2(m, Lanes, depth, ref a, ars, acs, ref b, ref c, 0, fromZero: true);
        }
        for (; i + BlockRows <= m; i += BlockRows)
        {
            var x0 = Vector512<float>.Zero; var x1 = Vector512<float>.Zero; var x2 = Vector512<float>.Zero;
            var x3 = Vector512<float>.Zero; var x4 = Vector512<float>.Zero; var x5 = Vector512<float>.Zero;
            var x6 = Vector512<float>.Zero; var x7 = Vector512<float>.Zero; var x8 = Vector512<float>.Zero;
            var x9 = Vector512<float>.Zero; var x10 = Vector512<float>.Zero; var x11 = Vector512<float>.Zero;
            ref float a0 = ref Unsafe.Add(ref a, i * ars);
            ref float a4 = ref Unsafe.Add(ref a0, 4 * ars);
            ref float a8 = ref Unsafe.Add(ref a4, 4 * ars);
            ref float bp = ref b;
            for (int p = 0; p < depth; p++)
            {
                var bv = Vector512.LoadUnsafe(ref bp);
                x0 = Vector512.FusedMultiplyAdd(Vector512.Create(a0), bv, x0);
                x1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a0, ars)), bv, x1);
                x2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a0, 2 * ars)), bv, x2);
                x3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a0, 3 * ars)), bv, x3);
                x4 = Vector512.FusedMultiplyAdd(Vector512.Create(a4), bv, x4);
                x5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a4, ars)), bv, x5);
                x6 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a4, 2 * ars)), bv, x6);
                x7 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a4, 3 * ars)), bv, x7);
                x8 = Vector512.FusedMultiplyAdd(Vector512.Create(a8), bv, x8);
                x9 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a8, ars)), bv, x9);
                x10 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a8, 2 * ars)), bv, x10);
                x11 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a8, 3 * ars)), bv, x11);
                a0 = ref Unsafe.Add(ref a0, acs);
                a4 = ref Unsafe.Add(ref a4, acs);
                a8 = ref Unsafe.Add(ref a8, acs);
                bp = ref Unsafe.Add(ref bp, Lanes);
            }
            ref float ci = ref Unsafe.Add(ref c, i * Lanes);
            x0.StoreUnsafe(ref ci, 0); x1.StoreUnsafe(ref ci, 16); x2.StoreUnsafe(ref ci, 32); x3.StoreUnsafe(ref ci, 48);
            x4.StoreUnsafe(ref ci, 64); x5.StoreUnsafe(ref ci, 80); x6.StoreUnsafe(ref ci, 96); x7.StoreUnsafe(ref ci, 112);
            x8.StoreUnsafe(ref ci, 128); x9.StoreUnsafe(ref ci, 144); x10.StoreUnsafe(ref ci, 160); x11.StoreUnsafe(ref ci, 176);
        }
        for (; i + Rows <= m; i += Rows)
        {
            var x0 = Vector512<float>.Zero; var x1 = Vector512<float>.Zero;
            var x2 = Vector512<float>.Zero; var x3 = Vector512<float>.Zero;
            ref float ap = ref Unsafe.Add(ref a, i * ars);
            ref float bp = ref b;
            for (int p = 0; p < depth; p++)
            {
                var bv = Vector512.LoadUnsafe(ref bp);
                x0 = Vector512.FusedMultiplyAdd(Vector512.Create(ap), bv, x0);
                x1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref ap, ars)), bv, x1);
                x2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref ap, 2 * ars)), bv, x2);
                x3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref ap, 3 * ars)), bv, x3);
                ap = ref Unsafe.Add(ref ap, acs);
                bp = ref Unsafe.Add(ref bp, Lanes);
            }
            ref float ci = ref Unsafe.Add(ref c, i * Lanes);
            x0.StoreUnsafe(ref ci, 0); x1.StoreUnsafe(ref ci, 16); x2.StoreUnsafe(ref ci, 32); x3.StoreUnsafe(ref ci, 48);
        }
        for (; i < m; i++)
        {
            var x = Vector512<float>.Zero;
            ref float ap = ref Unsafe.Add(ref a, i * ars);
            ref float bp = ref b;
            for (int p = 0; p < depth; p++)
            {
                x = Vector512.FusedMultiplyAdd(Vector512.Create(ap), Vector512.LoadUnsafe(ref bp), x);
                ap = ref Unsafe.Add(ref ap, acs);
                bp = ref Unsafe.Add(ref bp, Lanes);
            }
            x.StoreUnsafe(ref Unsafe.Add(ref c, i * Lanes));
        }
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
