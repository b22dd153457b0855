using System.Numerics.Tensors;

namespace MlNetOptimizers;

/// <summary>Numerically stable losses on logits and their gradients.</summary>
internal static class Losses
{
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
        int k = logits.Length;
        float zLabel = logits[label];
        if (k > 32)
        {
            float max = TensorPrimitives.Max(logits);
            TensorPrimitives.Subtract(logits, max, dz);
            TensorPrimitives.Exp(dz, dz);
            float sum = TensorPrimitives.Sum(dz);
            TensorPrimitives.Multiply(dz, scale / sum, dz);
            dz[label] -= scale;
            return max + MathF.Log(sum) - zLabel;
        }

        // Few classes: plain loops beat the per-call cost of vectorised primitives on short spans.
        float m = logits[0];
        for (int i = 1; i < k; i++)
        {
            m = MathF.Max(m, logits[i]);
        }
        float total = 0;
        for (int i = 0; i < k; i++)
        {
            float e = MathF.Exp(logits[i] - m);
            dz[i] = e;
            total += e;
        }
        float factor = scale / total;
        for (int i = 0; i < k; i++)
        {
            dz[i] *= factor;
        }
        dz[label] -= scale;
        return m + MathF.Log(total) - zLabel;
    }

    /// <summary>σ(z) = 1 / (1 + e^−z), stable for large |z|.</summary>
    public static float Sigmoid(float z) => z >= 0 ? 1 / (1 + MathF.Exp(-z)) : MathF.Exp(z) / (1 + MathF.Exp(z));

    /// <summary>softmax(z) in place.</summary>
    public static void Softmax(Span<float> logits)
    {
        if (logits.Length > 32)
        {
            float max = TensorPrimitives.Max(logits);
            TensorPrimitives.Subtract(logits, max, logits);
            TensorPrimitives.Exp(logits, logits);
            TensorPrimitives.Divide(logits, TensorPrimitives.Sum(logits), logits);
            return;
        }
        float m = logits[0];
        for (int i = 1; i < logits.Length; i++)
        {
            m = MathF.Max(m, logits[i]);
        }
        float total = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            logits[i] = MathF.Exp(logits[i] - m);
            total += logits[i];
        }
        float inverse = 1 / total;
        for (int i = 0; i < logits.Length; i++)
        {
            logits[i] *= inverse;
        }
    }
}
