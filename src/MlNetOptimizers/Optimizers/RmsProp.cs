using System.Numerics.Tensors;

namespace MlNetOptimizers;

/// <summary>
/// RMSProp (Hinton, Coursera lecture 6e), exactly PyTorch's <c>torch.optim.RMSprop</c>.
/// </summary>
/// <remarks>
/// Update rule for step t, with gradient g, parameters θ, learning rate η, decay α, momentum μ, weight decay λ, ε:
/// <code>
/// g ← g + λ·θ                              (coupled L2 decay)
/// v ← α·v + (1 − α)·g²                     (v starts at 0)
/// c ← α·c + (1 − α)·g                      (centered only; c starts at 0)
/// d ← √(v − c²) + ε   (centered)   or   d ← √v + ε      (ε outside the square root)
/// b ← μ·b + g / d;  θ ← θ − η·b            (μ &gt; 0; b starts at 0)
/// θ ← θ − η·g / d                          (μ = 0)
/// </code>
/// TensorFlow/Keras put ε inside the root (<c>√(v + ε)</c>) and default ρ = 0.9, ε = 1e-7; this class follows PyTorch.
/// </remarks>
public sealed class RmsProp : IOptimizer
{
    /// <summary>Creates RMSProp.</summary>
    /// <param name="learningRate">Step size η; finite and &gt; 0.</param>
    /// <param name="decay">Smoothing constant α (PyTorch's <c>alpha</c>) in [0, 1).</param>
    /// <param name="epsilon">ε added to the root; finite and &gt;= 0.</param>
    /// <param name="momentum">Momentum μ in [0, 1).</param>
    /// <param name="centered">Normalize by the estimated variance instead of the uncentered second moment.</param>
    /// <param name="weightDecay">Coupled L2 coefficient λ; finite and &gt;= 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range or NaN.</exception>
    public RmsProp(float learningRate = 0.01f, float decay = 0.99f, float epsilon = 1e-8f, float momentum = 0,
        bool centered = false, float weightDecay = 0)
    {
        LearningRate = OptimizerArguments.Positive(learningRate, nameof(learningRate));
        Decay = OptimizerArguments.UnitInterval(decay, nameof(decay));
        Epsilon = OptimizerArguments.NonNegative(epsilon, nameof(epsilon));
        MomentumCoefficient = OptimizerArguments.UnitInterval(momentum, nameof(momentum));
        Centered = centered;
        WeightDecay = OptimizerArguments.NonNegative(weightDecay, nameof(weightDecay));
    }

    /// <summary>Step size η.</summary>
    public float LearningRate { get; }

    /// <summary>Smoothing constant α of the squared-gradient average.</summary>
    public float Decay { get; }

    /// <summary>ε added to the root.</summary>
    public float Epsilon { get; }

    /// <summary>Momentum μ (0 for none).</summary>
    public float MomentumCoefficient { get; }

    /// <summary>Whether the variance (v − c²) is used instead of v.</summary>
    public bool Centered { get; }

    /// <summary>Coupled L2 coefficient λ.</summary>
    public float WeightDecay { get; }

    /// <inheritdoc />
    public IOptimizerState CreateState(int parameterCount) =>
        new RmsPropState(parameterCount, Centered, MomentumCoefficient > 0, WeightDecay);

    /// <inheritdoc />
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, IOptimizerState state)
    {
        var s = OptimizerState.Expect<RmsPropState>(state, parameters.Length, gradients.Length, nameof(RmsProp));
        s.BeginStep();
        float lr = LearningRate * s.LearningRateFactor;
        var g = CoupledWeightDecay.Apply(gradients, parameters, WeightDecay, s.Scratch);
        Span<float> update = s.Work;

        // v ← α·v + (1 − α)·g²
        TensorPrimitives.Multiply(s.SquareAverage, Decay, s.SquareAverage);
        TensorPrimitives.Multiply(g, g, update);
        TensorPrimitives.MultiplyAdd(update, 1 - Decay, s.SquareAverage, s.SquareAverage);

        if (Centered)
        {
            TensorPrimitives.Lerp(s.GradientAverage, g, 1 - Decay, s.GradientAverage);            // c ← α·c + (1 − α)·g
            TensorPrimitives.Multiply(s.GradientAverage, s.GradientAverage, update);
            TensorPrimitives.Subtract(s.SquareAverage, update, update);                          // v − c²
            TensorPrimitives.Sqrt(update, update);
        }
        else
        {
            TensorPrimitives.Sqrt(s.SquareAverage, update);
        }
        TensorPrimitives.Add(update, Epsilon, update);                                           // d
        TensorPrimitives.Divide(g, update, update);                                              // g / d

        if (MomentumCoefficient > 0)
        {
            TensorPrimitives.MultiplyAdd(s.Buffer, MomentumCoefficient, update, s.Buffer);       // b ← μ·b + g/d
            TensorPrimitives.MultiplyAdd(s.Buffer, -lr, parameters, parameters);
        }
        else
        {
            TensorPrimitives.MultiplyAdd(update, -lr, parameters, parameters);
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"RMSProp(lr={LearningRate}, alpha={Decay}{(MomentumCoefficient > 0 ? $", mu={MomentumCoefficient}" : "")}{(Centered ? ", centered" : "")})";
}
