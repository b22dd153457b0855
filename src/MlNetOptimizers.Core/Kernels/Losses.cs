using System.Numerics.Tensors;

namespace MlNetOptimizers;

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
    /// Σ_r w_r·(logsumexp(z_r) − z_r,label). Row by row: one vectorised exponential over the whole batch halves this
    /// step in long trainings, but TensorPrimitives.Exp runs as unoptimised tier-0 code through a short Fit (the runtime
    /// delays tiering while ML.NET's code is still being compiled), which made small Fits 2x slower.
    /// </summary>
    /// <param name="logits">rows × K logits, row-major.</param>
    /// <param name="rows">Rows in the batch.</param>
    /// <param name="k">Classes.</param>
    /// <param name="labels">Each row's class index.</param>
    /// <param name="weights">Example weights, or empty for weight 1.</param>
    /// <param name="scale">Factor of every gradient (1 / the batch's total weight).</param>
    /// <param name="delta">rows × K output: the gradient with respect to the logits.</param>
    public static double CrossEntropyRows(ReadOnlySpan<float> logits, int rows, int k, ReadOnlySpan<float> labels,
        ReadOnlySpan<float> weights, float scale, Span<float> delta)
    {
        double sum = 0;
        for (int r = 0; r < rows; r++)
        {
            float w = weights.IsEmpty ? 1f : weights[r];
            sum += (double)w * CrossEntropy(logits.Slice(r * k, k), (int)labels[r], delta.Slice(r * k, k), w * scale);
        }
        return sum;
    }

    /// <summary>σ(z) = 1 / (1 + e^−z), stable for large |z|.</summary>
    public static float Sigmoid(float z) => z >= 0 ? 1 / (1 + MathF.Exp(-z)) : MathF.Exp(z) / (1 + MathF.Exp(z));

    /// <summary>softmax(z) in place.</summary>
    public static void Softmax(Span<float> logits) => ScaledSoftmax(logits, logits, 1f);

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

        float m = logits[0];
        for (int i = 1; i < k; i++)
        {
            m = MathF.Max(m, logits[i]);
        }
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
