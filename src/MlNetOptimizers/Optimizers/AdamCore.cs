using System.Numerics.Tensors;

namespace MlNetOptimizers;

/// <summary>The moment updates and step shared by <see cref="Adam"/> and <see cref="AdamW"/>.</summary>
internal static class AdamCore
{
    /// <summary>
    /// m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;  v̂max ← max(v̂max, v) (AMSGrad);
    /// θ ← θ − (η / bc1) · m / (√v / √bc2 + ε), with bc_i = 1 − β_i^t or 1 without bias correction.
    /// </summary>
    public static void Step(Span<float> parameters, ReadOnlySpan<float> g, AdamState s, long t, float lr,
        float beta1, float beta2, float epsilon, bool biasCorrection, bool amsGrad)
    {
        Span<float> update = s.Work;
        TensorPrimitives.Lerp(s.FirstMoment, g, 1 - beta1, s.FirstMoment);
        TensorPrimitives.Multiply(s.SecondMoment, beta2, s.SecondMoment);
        TensorPrimitives.Multiply(g, g, update);
        TensorPrimitives.MultiplyAdd(update, 1 - beta2, s.SecondMoment, s.SecondMoment);

        double bc1 = biasCorrection ? 1 - Math.Pow(beta1, t) : 1;
        double bc2 = biasCorrection ? 1 - Math.Pow(beta2, t) : 1;
        float stepSize = (float)(lr / bc1);
        float bc2Sqrt = (float)Math.Sqrt(bc2);

        if (amsGrad)
        {
            TensorPrimitives.Max(s.MaxSecondMoment, s.SecondMoment, s.MaxSecondMoment);
            TensorPrimitives.Sqrt(s.MaxSecondMoment, update);
        }
        else
        {
            TensorPrimitives.Sqrt(s.SecondMoment, update);
        }
        TensorPrimitives.Divide(update, bc2Sqrt, update);
        TensorPrimitives.Add(update, epsilon, update);
        TensorPrimitives.Divide(s.FirstMoment, update, update);
        TensorPrimitives.MultiplyAdd(update, -stepSize, parameters, parameters);
    }
}
