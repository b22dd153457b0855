using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using MlNetOptimizers.GradientTransforms;
using MlNetOptimizers.Kernels;

namespace MlNetOptimizers.Optimization;

/// <summary>
/// Adam's preconditioner (Kingma and Ba, 2015; AMSGrad: Reddi et al., 2018), PyTorch's form (optax's <c>scale_by_adam</c>):
/// <code>
/// m ← β1·m + (1 − β1)·u;   v ← β2·v + (1 − β2)·u²;   v ← max(v_max, v) (AMSGrad, v_max kept)
/// u ← (m / bc1) / (√v / √bc2 + ε),   bc_i = 1 − β_i^t (1 without bias correction)
/// </code>
/// ε is added after the correction of v, as PyTorch does; Keras adds it before (ε̂ in the paper).
/// </summary>
public sealed class ScaleByAdam : IGradientTransform, IFusedWithDecayAndStep
{
    /// <summary>Creates the stage.</summary>
    /// <param name="beta1">Decay β1 of the first moment, in [0, 1).</param>
    /// <param name="beta2">Decay β2 of the second moment, in [0, 1).</param>
    /// <param name="epsilon">ε added to the root; finite and &gt;= 0.</param>
    /// <param name="biasCorrection">Divide the moments by 1 − β^t.</param>
    /// <param name="amsGrad">Use the running maximum of v.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range or NaN.</exception>
    public ScaleByAdam(float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, bool biasCorrection = true, bool amsGrad = false)
    {
        Beta1 = OptimizerArguments.UnitInterval(beta1, nameof(beta1));
        Beta2 = OptimizerArguments.UnitInterval(beta2, nameof(beta2));
        Epsilon = OptimizerArguments.NonNegative(epsilon, nameof(epsilon));
        BiasCorrection = biasCorrection;
        AmsGrad = amsGrad;
    }

    /// <summary>Decay β1 of the first moment.</summary>
    public float Beta1 { get; }

    /// <summary>Decay β2 of the second moment.</summary>
    public float Beta2 { get; }

    /// <summary>ε added to the corrected root.</summary>
    public float Epsilon { get; }

    /// <summary>Whether the moments are bias-corrected.</summary>
    public bool BiasCorrection { get; }

    /// <summary>Whether the AMSGrad maximum of v is used.</summary>
    public bool AmsGrad { get; }

    /// <inheritdoc />
    public TransformState? CreateState(ParameterLayout layout) => new AdamMoments(layout.ParameterCount, AmsGrad);

    /// <inheritdoc />
    public void Update(Span<float> updates, ReadOnlySpan<float> parameters, TransformState? state, StepContext step) =>
        ((IElementwiseTransform)this).UpdateRange(updates, parameters, state, step, 0, updates.Length);

    void IElementwiseTransform.UpdateRange(Span<float> updates, ReadOnlySpan<float> parameters, TransformState? state, StepContext step, int start, int length)
    {
        var (bc1, rootCorrection) = Corrections(step.Step);
        var u = updates.Slice(start, length);
        Run<Overwrite>(u, u, TransformStates.Expect<AdamMoments>(state, this), start, (float)(1 / bc1), rootCorrection, decay: 0);
    }

    void IFusedWithStep.UpdateAndApply(ReadOnlySpan<float> input, Span<float> parameters, TransformState? state, StepContext step, float scale, int start, int length) =>
        ((IFusedWithDecayAndStep)this).UpdateAndApply(input, parameters, state, step, scale, decay: 0, start, length);

    void IFusedWithDecayAndStep.UpdateAndApply(ReadOnlySpan<float> input, Span<float> parameters, TransformState? state, StepContext step, float scale, float decay, int start, int length)
    {
        var (bc1, rootCorrection) = Corrections(step.Step);
        Run<Accumulate>(input.Slice(start, length), parameters.Slice(start, length), TransformStates.Expect<AdamMoments>(state, this), start,
            (float)(scale / bc1), rootCorrection, decay);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"scale_by_{(AmsGrad ? "amsgrad" : "adam")}({Beta1}, {Beta2}, {Epsilon}{(BiasCorrection ? "" : ", no bias correction")})";

    private (double Bc1, float RootBc2) Corrections(long t)
    {
        double bc1 = BiasCorrection ? 1 - Math.Pow(Beta1, t) : 1;
        double bc2 = BiasCorrection ? 1 - Math.Pow(Beta2, t) : 1;
        return (bc1, (float)Math.Sqrt(bc2));
    }

    /// <summary>
    /// Updates the moments of coordinates <paramref name="offset"/>..+<c>g.Length</c> from <paramref name="g"/> and writes
    /// (or, accumulating, adds) <c>scale·m / (√v/√bc2 + ε)</c> into <paramref name="target"/>; <paramref name="g"/> and
    /// <paramref name="target"/> may be the same span. With a <paramref name="decay"/> λ ≠ 0 (accumulating only, the target
    /// then being the parameters θ) the moments see <c>g + θ·λ</c> instead of g, θ read before it is stepped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Run<TWrite>(ReadOnlySpan<float> g, Span<float> target, AdamMoments s, int offset, float scale, float bc2Sqrt, float decay)
        where TWrite : struct, IWrite
    {
        float beta2 = Beta2, epsilon = Epsilon, oneMinusBeta1 = 1 - Beta1, oneMinusBeta2 = 1 - Beta2;
        bool amsGrad = AmsGrad;
        Span<float> m = s.First.AsSpan(offset, g.Length), v = s.Second.AsSpan(offset, g.Length);
        Span<float> vMax = amsGrad ? s.MaxSecond.AsSpan(offset, g.Length) : [];

        int i = 0;
        bool decayed = decay != 0;
        if (Simd.IsVectorized)
        {
            var b1 = Vector512.Create(oneMinusBeta1);
            var b2 = Vector512.Create(beta2);
            var c2 = Vector512.Create(oneMinusBeta2);
            var root = Vector512.Create(bc2Sqrt);
            var eps = Vector512.Create(epsilon);
            var step = Vector512.Create(scale);
            var lambda = Vector512.Create(decay);
            for (; i + 16 <= target.Length; i += 16)
            {
                var gi = Vector512.Create(g.Slice(i, 16));
                if (decayed)
                {
                    gi += Vector512.Create(target.Slice(i, 16)) * lambda;
                }
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
                var direction = step * (mi / (Vector512.Sqrt(vi) / root + eps));
                TWrite.Write(direction, target.Slice(i, 16));
            }
        }
        for (; i < target.Length; i++)
        {
            float gi = decayed ? g[i] + target[i] * decay : g[i];
            float mi = m[i] + (gi - m[i]) * oneMinusBeta1;
            float vi = v[i] * beta2 + gi * gi * oneMinusBeta2;
            m[i] = mi;
            v[i] = vi;
            if (amsGrad)
            {
                vi = vMax[i] = MathF.Max(vMax[i], vi);
            }
            float direction = scale * (mi / (MathF.Sqrt(vi) / bc2Sqrt + epsilon));
            target[i] = TWrite.Combine(target[i], direction);
        }
    }

    /// <summary>How <see cref="Run{TWrite}"/> writes its result; a type argument, so that each use compiles to its own loop.</summary>
    private interface IWrite
    {
        static abstract void Write(Vector512<float> direction, Span<float> target);

        static abstract float Combine(float target, float direction);
    }

    private readonly struct Overwrite : IWrite
    {
        public static void Write(Vector512<float> direction, Span<float> target) => direction.CopyTo(target);

        public static float Combine(float target, float direction) => direction;
    }

    private readonly struct Accumulate : IWrite
    {
        public static void Write(Vector512<float> direction, Span<float> target) => (Vector512.Create(target) + direction).CopyTo(target);

        public static float Combine(float target, float direction) => target + direction;
    }
}
