using System.Numerics.Tensors;

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
/// </remarks>
public sealed class Momentum : IOptimizer
{
    /// <summary>Creates SGD with momentum.</summary>
    /// <param name="learningRate">Step size η; finite and &gt; 0.</param>
    /// <param name="momentum">Momentum μ in [0, 1).</param>
    /// <param name="nesterov">Use Nesterov's variant (requires <paramref name="dampening"/> = 0, as in PyTorch).</param>
    /// <param name="weightDecay">Coupled L2 coefficient λ; finite and &gt;= 0.</param>
    /// <param name="dampening">Dampening τ in [0, 1); 0 gives the classic heavy ball.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range or NaN.</exception>
    public Momentum(float learningRate, float momentum = 0.9f, bool nesterov = false, float weightDecay = 0, float dampening = 0)
    {
        LearningRate = OptimizerArguments.Positive(learningRate, nameof(learningRate));
        MomentumCoefficient = OptimizerArguments.UnitInterval(momentum, nameof(momentum));
        WeightDecay = OptimizerArguments.NonNegative(weightDecay, nameof(weightDecay));
        Dampening = OptimizerArguments.UnitInterval(dampening, nameof(dampening));
        if (nesterov && (momentum == 0 || dampening != 0))
        {
            throw new ArgumentOutOfRangeException(nameof(nesterov), nesterov,
                "Nesterov momentum requires momentum > 0 and dampening = 0.");
        }
        Nesterov = nesterov;
    }

    /// <summary>Step size η.</summary>
    public float LearningRate { get; }

    /// <summary>Momentum coefficient μ.</summary>
    public float MomentumCoefficient { get; }

    /// <summary>Whether the Nesterov variant is used.</summary>
    public bool Nesterov { get; }

    /// <summary>Coupled L2 coefficient λ.</summary>
    public float WeightDecay { get; }

    /// <summary>Dampening τ of the gradient added to the buffer.</summary>
    public float Dampening { get; }

    /// <inheritdoc />
    public IOptimizerState CreateState(int parameterCount) => new MomentumState(parameterCount, WeightDecay, Nesterov);

    /// <inheritdoc />
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, IOptimizerState state)
    {
        var s = OptimizerState.Expect<MomentumState>(state, parameters.Length, gradients.Length, nameof(Momentum));
        long t = s.BeginStep();
        float lr = LearningRate * s.LearningRateFactor;
        var g = CoupledWeightDecay.Apply(gradients, parameters, WeightDecay, s.Scratch);
        Span<float> buffer = s.Buffer;

        if (t == 1)
        {
            g.CopyTo(buffer);
        }
        else
        {
            // b ← μ·b + (1 − τ)·g
            TensorPrimitives.Multiply(buffer, MomentumCoefficient, buffer);
            TensorPrimitives.MultiplyAdd(g, 1 - Dampening, buffer, buffer);
        }

        if (Nesterov)
        {
            Span<float> direction = s.Direction;
            TensorPrimitives.MultiplyAdd(buffer, MomentumCoefficient, g, direction);
            TensorPrimitives.MultiplyAdd(direction, -lr, parameters, parameters);
        }
        else
        {
            TensorPrimitives.MultiplyAdd(buffer, -lr, parameters, parameters);
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{(Nesterov ? "Nesterov" : "Momentum")}(lr={LearningRate}, mu={MomentumCoefficient}{(WeightDecay != 0 ? $", wd={WeightDecay}" : "")})";
}
