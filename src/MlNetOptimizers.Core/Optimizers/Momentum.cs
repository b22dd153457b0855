using MlNetOptimizers.Optimization;
using MlNetOptimizers.Optimizers;

namespace MlNetOptimizers;

/// <summary>
/// SGD with heavy-ball or Nesterov momentum, exactly PyTorch's <c>torch.optim.SGD</c> with <c>momentum &gt; 0</c>.
/// </summary>
/// <remarks>
/// Update rule for step t, with gradient g, parameters θ, learning rate η, momentum μ, dampening τ, weight decay λ:
/// <code>
/// g ← g + λ·θ                          (coupled L2 decay)
/// b ← g                  if t = 1      (the buffer starts at the first gradient, not at zero)
/// b ← μ·b + (1 − τ)·g    if t &gt; 1
/// d ← g + μ·b  (Nesterov)   or   d ← b  (heavy ball)
/// θ ← θ − η·d
/// </code>
/// The learning rate multiplies the whole buffer, so changing η mid-training rescales past momentum too.
/// Sutskever et al. and Keras write the buffer as a velocity <c>v ← μ·v − η·g; θ ← θ + v</c>, which is the same
/// trajectory for a constant η but differs when η changes; the textbook Nesterov form evaluates the gradient at the
/// look-ahead point, which PyTorch's <c>g + μ·b</c> reformulation avoids.
/// As a chain: <c>AddDecayedWeights(λ) → Trace(μ, τ, nesterov) → ScaleByLearningRate(η)</c>.
/// </remarks>
public sealed class Momentum : GradientTransformChain
{
    /// <summary>Creates SGD with momentum.</summary>
    /// <param name="learningRate">Step size η; finite and &gt; 0.</param>
    /// <param name="momentum">Momentum μ in [0, 1).</param>
    /// <param name="nesterov">Use Nesterov's variant (requires <paramref name="dampening"/> = 0, as in PyTorch).</param>
    /// <param name="weightDecay">Coupled L2 coefficient λ; finite and &gt;= 0.</param>
    /// <param name="dampening">Dampening τ in [0, 1); 0 gives the classic heavy ball.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range or NaN.</exception>
    public Momentum(float learningRate, float momentum = 0.9f, bool nesterov = false, float weightDecay = 0, float dampening = 0)
        : base([.. Presets.CoupledDecay(weightDecay), new Trace(momentum, dampening, nesterov), new ScaleByLearningRate(learningRate)])
    {
    }

    /// <summary>Step size η.</summary>
    public float LearningRate => Stage<ScaleByLearningRate>()!.LearningRate;

    /// <summary>Momentum coefficient μ.</summary>
    public float MomentumCoefficient => Stage<Trace>()!.MomentumCoefficient;

    /// <summary>Whether the Nesterov variant is used.</summary>
    public bool Nesterov => Stage<Trace>()!.Nesterov;

    /// <summary>Coupled L2 coefficient λ.</summary>
    public float WeightDecay => Stage<AddDecayedWeights>()?.WeightDecay ?? 0;

    /// <summary>Dampening τ of the gradient added to the buffer.</summary>
    public float Dampening => Stage<Trace>()!.Dampening;

    /// <inheritdoc />
    public override string ToString() =>
        $"{(Nesterov ? "Nesterov" : "Momentum")}(lr={LearningRate}, mu={MomentumCoefficient}{(WeightDecay != 0 ? $", wd={WeightDecay}" : "")})";

    private protected override ChainState NewState(ParameterLayout layout, TransformState?[] stageStates) =>
        new MomentumState(this, layout, stageStates);
}
