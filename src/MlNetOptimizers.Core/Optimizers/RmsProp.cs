using MlNetOptimizers.Optimization;
using MlNetOptimizers.Optimizers;

namespace MlNetOptimizers;

/// <summary>
/// RMSProp (Tieleman and Hinton, 2012), exactly PyTorch's <c>torch.optim.RMSprop</c>.
/// </summary>
/// <remarks>
/// Update rule for step t, with gradient g, parameters θ, learning rate η, smoothing α, momentum μ, weight decay λ, ε:
/// <code>
/// g ← g + λ·θ                                   (coupled L2 decay)
/// v ← α·v + (1 − α)·g²                          (v starts at 0)
/// c ← α·c + (1 − α)·g;  d = √(v − c²) + ε       (centered)
///                       d = √v + ε              (otherwise; ε outside the root)
/// b ← μ·b + g/d;  θ ← θ − η·b                   (with momentum, b starts at 0)
/// θ ← θ − η·g/d                                 (without)
/// </code>
/// Keras' RMSprop defaults to α = 0.9 and puts ε inside the square root in some versions; Hinton's lecture has no ε.
/// As a chain: <c>AddDecayedWeights(λ) → ScaleByRms(α, ε, centered) → Trace(μ) → ScaleByLearningRate(η)</c>.
/// </remarks>
public sealed class RmsProp : GradientTransformChain
{
    /// <summary>Creates RMSProp.</summary>
    /// <param name="learningRate">Step size η; finite and &gt; 0.</param>
    /// <param name="decay">Smoothing constant α in [0, 1).</param>
    /// <param name="epsilon">ε added to the root; finite and &gt;= 0.</param>
    /// <param name="momentum">Momentum μ in [0, 1); 0 for none.</param>
    /// <param name="centered">Normalise by the estimated variance instead of the second moment.</param>
    /// <param name="weightDecay">Coupled L2 coefficient λ; finite and &gt;= 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range or NaN.</exception>
    public RmsProp(float learningRate = 0.01f, float decay = 0.99f, float epsilon = 1e-8f, float momentum = 0,
        bool centered = false, float weightDecay = 0)
        : base([.. Presets.CoupledDecay(weightDecay), new ScaleByRms(decay, epsilon, centered),
            .. momentum != 0 ? new IGradientTransform[] { new Trace(momentum) } : [], new ScaleByLearningRate(learningRate)])
    {
    }

    /// <summary>Step size η.</summary>
    public float LearningRate => Stage<ScaleByLearningRate>()!.LearningRate;

    /// <summary>Smoothing constant α of the squared-gradient average.</summary>
    public float Decay => Stage<ScaleByRms>()!.Decay;

    /// <summary>ε added to the root.</summary>
    public float Epsilon => Stage<ScaleByRms>()!.Epsilon;

    /// <summary>Momentum μ (0 for none).</summary>
    public float MomentumCoefficient => Stage<Trace>()?.MomentumCoefficient ?? 0;

    /// <summary>Whether the variance (v − c²) is used instead of v.</summary>
    public bool Centered => Stage<ScaleByRms>()!.Centered;

    /// <summary>Coupled L2 coefficient λ.</summary>
    public float WeightDecay => Stage<AddDecayedWeights>()?.WeightDecay ?? 0;

    /// <inheritdoc />
    public override string ToString() =>
        $"RMSProp(lr={LearningRate}, alpha={Decay}{(MomentumCoefficient > 0 ? $", mu={MomentumCoefficient}" : "")}{(Centered ? ", centered" : "")})";

    private protected override ChainState NewState(ParameterLayout layout, TransformState?[] stageStates) =>
        new RmsPropState(this, layout, stageStates);
}
