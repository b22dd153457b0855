using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace MlNetOptimizers.Kernels;

/// <summary>Numerically stable losses on logits and their gradients.</summary>
internal static class Losses
{
    /// <summary>Up to this many classes, plain loops beat the per-call cost of the vectorised primitives.</summary>
    private const int ShortVector = 32;

    /// <summary>
    /// Logistic loss of one logit z for label y ∈ {0, 1}: log(1 + e^z) − y·z, computed as max(z, 0) − y·z + log(1 + e^−|z|).
    /// Its derivative is σ(z) − y.
    /// </summary>
    public static float Logistic(float z, float y, out float dz)
    {
        dz = Sigmoid(z) - y;
        return MathF.Max(z, 0) - y * z + MathF.Log(1 + MathF.Exp(-MathF.Abs(z)));
    }

    /// <summary>
    /// Cross-entropy of K logits for class <paramref name="label"/>: logsumexp(z) − z_label. Writes
    /// <paramref name="scale"/>·(softmax(z) − onehot) into <paramref name="dz"/> (which may be <paramref name="logits"/> itself).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static float CrossEntropy(ReadOnlySpan<float> logits, int label, Span<float> dz, float scale = 1f)
    {
        float zLabel = logits[label];
        float logSumExp = ScaledSoftmax(logits, dz, scale);
        dz[label] -= scale;
        return logSumExp - zLabel;
    }

    /// <summary>
    /// Cross-entropy over a batch: for each of <paramref name="rows"/> rows of K = <paramref name="k"/> logits, writes
    /// w_r·<paramref name="scale"/>·(softmax(z_r) − onehot(label_r)) into <paramref name="delta"/> and returns
    /// Σ_r w_r·(logsumexp(z_r) − z_r,label), all from z − max(z) as in <see cref="CrossEntropy"/>, with the exponentials
    /// of <see cref="VectorExp"/> (not MathF.Exp, whose last bit may differ: training needs no bit-identity with scoring):
    /// a vector per row for K ≤ 16, else one pass over the whole batch. <paramref name="delta"/> must not overlap
    /// <paramref name="logits"/>.
    /// </summary>
    /// <param name="logits">rows × K logits, row-major.</param>
    /// <param name="rows">Rows in the batch.</param>
    /// <param name="k">Classes.</param>
    /// <param name="labels">Each row's class index.</param>
    /// <param name="weights">Example weights, or empty for weight 1.</param>
    /// <param name="scale">Factor of every gradient (1 / the batch's total weight).</param>
    /// <param name="delta">rows × K output: the gradient with respect to the logits.</param>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static double CrossEntropyRows(ReadOnlySpan<float> logits, int rows, int k, ReadOnlySpan<float> labels,
        ReadOnlySpan<float> weights, float scale, Span<float> delta)
    {
        if (k <= Lanes)
        {
            return CrossEntropyNarrowRows(logits, rows, k, labels, weights, scale, delta);
        }
        var all = delta[..(rows * k)];
        for (int r = 0; r < rows; r++)
        {
            var z = logits.Slice(r * k, k);
            var shifted = all.Slice(r * k, k);
            float max = Max(z);
            for (int o = 0; o < k; o++)
            {
                shifted[o] = z[o] - max;
            }
        }
        VectorExp.ExpInPlace(all);
        double loss = 0;
        for (int r = 0; r < rows; r++)
        {
            var row = all.Slice(r * k, k);
            int label = (int)labels[r];
            float w = weights.IsEmpty ? 1f : weights[r];
            float sum = 0;
            for (int o = 0; o < k; o++)
            {
                sum += row[o];
            }
            // The maximum again rather than kept: a K-element scan is cheaper than a per-batch array of maxima.
            loss += (double)w * (Max(logits.Slice(r * k, k)) + MathF.Log(sum) - logits[r * k + label]);
            float factor = w * scale;
            float multiplier = factor / sum;
            for (int o = 0; o < k; o++)
            {
                row[o] *= multiplier;
            }
            row[label] -= factor;
        }
        return loss;
    }

    private const int Lanes = 16;

    /// <summary>
    /// <see cref="CrossEntropyRows"/> for K ≤ 16: each row is one vector, its lanes past K masked out (−∞ for the
    /// maximum, 0 after the exponential). A row's 16-lane load and store run past it into the next rows, which are
    /// read before and written after it; the rows whose 16 lanes would run past the batch go through a padded copy.
    /// The logarithms of the rows' sums are taken after each chunk of rows: a call inside the row loop would make the
    /// runtime spill the vector registers around it and keep consecutive rows from overlapping.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static double CrossEntropyNarrowRows(ReadOnlySpan<float> logits, int rows, int k, ReadOnlySpan<float> labels,
        ReadOnlySpan<float> weights, float scale, Span<float> delta)
    {
        const int Chunk = 256;
        var valid = Valid(k);
        var minusInfinity = Vector512.Create(float.NegativeInfinity);
        int total = rows * k;
        int wholeRows = total >= Lanes ? Math.Min(rows, (total - Lanes) / k + 1) : 0;
        Span<float> padded = stackalloc float[Lanes];
        Span<float> sums = stackalloc float[Chunk];
        ref float z0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(logits);
        ref float d0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(delta);
        double loss = 0;
        for (int first = 0; first < rows; first += Chunk)
        {
            int end = Math.Min(rows, first + Chunk);
            for (int r = first; r < end; r++)
            {
                Vector512<float> z;
                if (r < wholeRows)
                {
                    z = Vector512.LoadUnsafe(ref z0, (nuint)(r * k));
                }
                else
                {
                    padded.Clear();
                    logits.Slice(r * k, k).CopyTo(padded);
                    z = Vector512.Create<float>(padded);
                }
                z = Vector512.ConditionalSelect(valid, z, minusInfinity);
                float max = HorizontalMax(z);
                // Lanes past K enter the exponential as 0, not −∞: e^−∞ clamps to a subnormal result, which stalls the FPU.
                var shifted = Vector512.ConditionalSelect(valid, z - Vector512.Create(max), Vector512<float>.Zero);
                var e = Vector512.ConditionalSelect(valid, VectorExp.Exp(shifted), Vector512<float>.Zero);
                float sum = Vector512.Sum(e);
                sums[r - first] = sum;
                int label = (int)labels[r];
                float w = weights.IsEmpty ? 1f : weights[r];
                float factor = w * scale;
                loss += (double)w * (max - logits[r * k + label]);
                // −factor at the label's lane in the register: storing the row, then changing one float of it, would
                // stall on store-to-load forwarding.
                var atLabel = Vector512.Equals(Vector512<int>.Indices, Vector512.Create(label)).AsSingle();
                var d = e * Vector512.Create(factor / sum) - Vector512.ConditionalSelect(atLabel, Vector512.Create(factor), Vector512<float>.Zero);
                if (r < wholeRows)
                {
                    d.StoreUnsafe(ref d0, (nuint)(r * k));
                }
                else
                {
                    d.CopyTo(padded);
                    padded[..k].CopyTo(delta.Slice(r * k, k));
                }
            }
            for (int r = first; r < end; r++)
            {
                loss += (weights.IsEmpty ? 1.0 : weights[r]) * MathF.Log(sums[r - first]);
            }
        }
        return loss;
    }

    private static float HorizontalMax(Vector512<float> v)
    {
        var half = Vector256.Max(v.GetLower(), v.GetUpper());
        var quarter = Vector128.Max(half.GetLower(), half.GetUpper());
        return MathF.Max(MathF.Max(quarter[0], quarter[1]), MathF.Max(quarter[2], quarter[3]));
    }

    private static float Max(ReadOnlySpan<float> values)
    {
        float max = values[0];
        for (int i = 1; i < values.Length; i++)
        {
            max = MathF.Max(max, values[i]);
        }
        return max;
    }

    /// <summary>σ(z) = 1 / (1 + e^−z), stable for large |z|.</summary>
    public static float Sigmoid(float z) => z >= 0 ? 1 / (1 + MathF.Exp(-z)) : MathF.Exp(z) / (1 + MathF.Exp(z));

    /// <summary>
    /// softmax(z) in place. Up to 16 classes in one vector (<see cref="SoftmaxLanes"/>, as <see cref="SoftmaxRows"/> computes
    /// a batch); more as <see cref="CrossEntropy"/> computes them.
    /// </summary>
    public static void Softmax(Span<float> logits)
    {
        if (logits.Length > Lanes)
        {
            ScaledSoftmax(logits, logits, 1f);
            return;
        }
        int k = logits.Length;
        Span<float> padded = stackalloc float[Lanes];
        padded.Clear();
        logits.CopyTo(padded);
        SoftmaxLanes(Vector512.Create<float>(padded), Valid(k)).CopyTo(padded);
        padded[..k].CopyTo(logits);
    }

    /// <summary>
    /// The softmax of each of <paramref name="rows"/> rows of <paramref name="k"/> logits into <paramref name="probabilities"/>,
    /// equal to <see cref="Softmax"/> row by row. Up to 16 classes a row is loaded as one vector straight from the batch
    /// (the rows in flight overlap, where one row's exponential alone waits on its own chain of multiply-adds).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void SoftmaxRows(ReadOnlySpan<float> logits, int rows, int k, Span<float> probabilities)
    {
        int total = rows * k;
        if (k > Lanes)
        {
            logits[..total].CopyTo(probabilities);
            for (int r = 0; r < rows; r++)
            {
                Softmax(probabilities.Slice(r * k, k));
            }
            return;
        }
        var valid = Valid(k);
        // Rows whose 16 lanes lie inside the batch: their vector store spills into the next row's slots, which that row's
        // own store then overwrites.
        int whole = total >= Lanes ? Math.Min(rows, (total - Lanes) / k + 1) : 0;
        ref float z0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(logits);
        ref float p0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(probabilities);
        for (int r = 0; r < whole; r++)
        {
            SoftmaxLanes(Vector512.LoadUnsafe(ref z0, (nuint)(r * k)), valid).StoreUnsafe(ref p0, (nuint)(r * k));
        }
        for (int r = whole; r < rows; r++)
        {
            var row = probabilities.Slice(r * k, k);
            logits.Slice(r * k, k).CopyTo(row);
            Softmax(row);
        }
    }

    /// <summary>The lanes of the first <paramref name="k"/> classes of a 16-lane vector, as a mask.</summary>
    private static Vector512<float> Valid(int k) => Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(k)).AsSingle();

    /// <summary>
    /// The softmax of the <paramref name="valid"/> lanes of <paramref name="z"/> (the others 0): e^(z − max z) by
    /// <see cref="VectorExp"/>, the lanes summed in a fixed order (<see cref="Simd.SumInFixedOrder"/>), each times 1 / sum.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> SoftmaxLanes(Vector512<float> z, Vector512<float> valid)
    {
        z = Vector512.ConditionalSelect(valid, z, Vector512.Create(float.NegativeInfinity));
        float max = HorizontalMax(z);
        // Lanes past K enter the exponential as 0, not −∞ (see CrossEntropyNarrowRows).
        var e = Vector512.ConditionalSelect(valid, VectorExp.Exp(Vector512.ConditionalSelect(valid, z - Vector512.Create(max), Vector512<float>.Zero)),
            Vector512<float>.Zero);
        return e * Vector512.Create(1f / Simd.SumInFixedOrder(e));
    }

    /// <summary>
    /// Writes <paramref name="scale"/>·softmax(z) into <paramref name="output"/> (which may be <paramref name="logits"/>)
    /// and returns logsumexp(z), both computed from z − max(z) so that no exponential overflows.
    /// </summary>
    private static float ScaledSoftmax(ReadOnlySpan<float> logits, Span<float> output, float scale)
    {
        int k = logits.Length;
        if (k > ShortVector)
        {
            float max = TensorPrimitives.Max(logits);
            TensorPrimitives.Subtract(logits, max, output);
            TensorPrimitives.Exp(output, output);
            float sum = TensorPrimitives.Sum(output);
            TensorPrimitives.Multiply(output, scale / sum, output);
            return max + MathF.Log(sum);
        }

        float m = Max(logits);
        float total = 0;
        for (int i = 0; i < k; i++)
        {
            float e = MathF.Exp(logits[i] - m);
            output[i] = e;
            total += e;
        }
        float factor = scale / total;
        for (int i = 0; i < k; i++)
        {
            output[i] *= factor;
        }
        return m + MathF.Log(total);
    }
}
