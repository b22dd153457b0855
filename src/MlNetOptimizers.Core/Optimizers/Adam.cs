using MlNetOptimizers.Optimization;
using MlNetOptimizers.Optimizers;

namespace MlNetOptimizers;

/// <summary>
/// Adam (Kingma and Ba, 2015) with optional AMSGrad (Reddi et al., 2018), exactly PyTorch's <c>torch.optim.Adam</c>.
/// </summary>
/// <remarks>
/// Update rule for step t = 1, 2, …, with gradient g, parameters θ, learning rate η, weight decay λ:
/// <code>
/// g ← g + λ·θ                                   (coupled L2 decay: it passes through the moments; see AdamW)
/// m ← β1·m + (1 − β1)·g                         (m, v start at 0)
/// v ← β2·v + (1 − β2)·g²
/// v ← max(v_max, v)                             (AMSGrad only, v_max kept in the state)
/// bc1 = 1 − β1^t,  bc2 = 1 − β2^t               (both 1 when biasCorrection is false)
/// θ ← θ − (η / bc1) · m / (√v / √bc2 + ε)      (ε outside the root, added after the correction)
/// </code>
/// The paper writes the same step as <c>θ ← θ − η·m̂/(√v̂ + ε)</c> with m̂ = m/bc1, v̂ = v/bc2; Keras folds the
/// corrections into the rate as <c>η·√bc2/bc1</c> and adds ε unscaled (ε̂ in the paper), which differs by a factor √bc2 on ε.
/// Without bias correction the first step moves each coordinate by about η·(1 − β1)/√(1 − β2) (≈3.16η with the defaults)
/// instead of η. As a chain: <c>AddDecayedWeights(λ) → ScaleByAdam(β1, β2, ε) → ScaleByLearningRate(η)</c>; the last two
/// run fused, as one pass over memory.
/// </remarks>
public sealed class Adam : GradientTransformChain
{
    /// <summary>Creates Adam.</summary>
    /// <param name="learningRate">Step size η; finite and &gt; 0.</param>
    /// <param name="beta1">Decay β1 of the first moment, in [0, 1).</param>
    /// <param name="beta2">Decay β2 of the second moment, in [0, 1).</param>
    /// <param name="epsilon">ε added to the root; finite and &gt;= 0.</param>
    /// <param name="biasCorrection">Divide the moments by 1 − β^t (the paper's and PyTorch's behaviour).</param>
    /// <param name="amsGrad">Use the running maximum of v (AMSGrad).</param>
    /// <param name="weightDecay">Coupled L2 coefficient λ; finite and &gt;= 0. For decoupled decay use <see cref="AdamW"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range or NaN.</exception>
    public Adam(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f,
        bool biasCorrection = true, bool amsGrad = false, float weightDecay = 0)
        : base([.. Presets.CoupledDecay(weightDecay), new ScaleByAdam(beta1, beta2, epsilon, biasCorrection, amsGrad),
            new ScaleByLearningRate(learningRate)])
    {
    }

    /// <summary>Step size η.</summary>
    public float LearningRate => Stage<ScaleByLearningRate>()!.LearningRate;

    /// <summary>Decay β1 of the first moment.</summary>
    public float Beta1 => Stage<ScaleByAdam>()!.Beta1;

    /// <summary>Decay β2 of the second moment.</summary>
    public float Beta2 => Stage<ScaleByAdam>()!.Beta2;

    /// <summary>ε added to the corrected root.</summary>
    public float Epsilon => Stage<ScaleByAdam>()!.Epsilon;

    /// <summary>Whether the moments are bias-corrected.</summary>
    public bool BiasCorrection => Stage<ScaleByAdam>()!.BiasCorrection;

    /// <summary>Whether the AMSGrad maximum of v is used.</summary>
    public bool AmsGrad => Stage<ScaleByAdam>()!.AmsGrad;

    /// <summary>Coupled L2 coefficient λ.</summary>
    public float WeightDecay => Stage<AddDecayedWeights>()?.WeightDecay ?? 0;

    /// <inheritdoc />
    public override string ToString() =>
        $"{(AmsGrad ? "AMSGrad" : "Adam")}(lr={LearningRate}{(BiasCorrection ? "" : ", no bias correction")}{(WeightDecay != 0 ? $", wd={WeightDecay}" : "")})";

    private protected override ChainState NewState(ParameterLayout layout, TransformState?[] stageStates) =>
        new AdamState(this, layout, stageStates);
}
