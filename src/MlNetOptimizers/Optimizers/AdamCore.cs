using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MlNetOptimizers;

/// <summary>The moment updates and step shared by <see cref="Adam"/> and <see cref="AdamW"/>, fused into one pass.</summary>
internal static class AdamCore
{
    /// <summary>
    /// m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;  v̂max ← max(v̂max, v) (AMSGrad);
    /// θ ← θ − (η / bc1) · m / (√v / √bc2 + ε), with bc_i = 1 − β_i^t or 1 without bias correction.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Step(Span<float> parameters, ReadOnlySpan<float> g, AdamState s, long t, float lr,
        float beta1, float beta2, float epsilon, bool biasCorrection, bool amsGrad)
    {
        double bc1 = biasCorrection ? 1 - Math.Pow(beta1, t) : 1;
        double bc2 = biasCorrection ? 1 - Math.Pow(beta2, t) : 1;
        float stepSize = (float)(lr / bc1);
        float bc2Sqrt = (float)Math.Sqrt(bc2);
        float oneMinusBeta1 = 1 - beta1, oneMinusBeta2 = 1 - beta2;
        Span<float> m = s.FirstMoment, v = s.SecondMoment, vMax = s.MaxSecondMoment;

        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var b1 = Vector512.Create(oneMinusBeta1);
            var b2 = Vector512.Create(beta2);
            var c2 = Vector512.Create(oneMinusBeta2);
            var root = Vector512.Create(bc2Sqrt);
            var eps = Vector512.Create(epsilon);
            var step = Vector512.Create(stepSize);
            for (; i + 16 <= parameters.Length; i += 16)
            {
                var gi = Vector512.Create(g.Slice(i, 16));
                var mi = Vector512.Create(m.Slice(i, 16));
                mi += (gi - mi) * b1;                                   // β1·m + (1 − β1)·g, as a lerp
                var vi = Vector512.Create(v.Slice(i, 16)) * b2 + gi * gi * c2;
                mi.CopyTo(m.Slice(i, 16));
                vi.CopyTo(v.Slice(i, 16));
                if (amsGrad)
                {
                    vi = Vector512.Max(Vector512.Create(vMax.Slice(i, 16)), vi);
                    vi.CopyTo(vMax.Slice(i, 16));
                }
                var denominator = Vector512.Sqrt(vi) / root + eps;
                (Vector512.Create(parameters.Slice(i, 16)) - step * (mi / denominator)).CopyTo(parameters.Slice(i, 16));
            }
        }
        for (; i < parameters.Length; i++)
        {
            float gi = g[i];
            float mi = m[i] + (gi - m[i]) * oneMinusBeta1;
            float vi = v[i] * beta2 + gi * gi * oneMinusBeta2;
            m[i] = mi;
            v[i] = vi;
            if (amsGrad)
            {
                vi = vMax[i] = MathF.Max(vMax[i], vi);
            }
            parameters[i] -= stepSize * (mi / (MathF.Sqrt(vi) / bc2Sqrt + epsilon));
        }
    }
}
