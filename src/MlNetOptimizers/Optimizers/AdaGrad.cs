using System.Numerics.Tensors;

namespace MlNetOptimizers;

/// <summary>
/// AdaGrad (Duchi, Hazan and Singer, 2011), exactly PyTorch's <c>torch.optim.Adagrad</c>.
/// </summary>
/// <remarks>
/// Update rule for step t, with gradient g, parameters θ, learning rate η, learning-rate decay δ, weight decay λ, ε:
/// <code>
/// g ← g + λ·θ                       (coupled L2 decay)
/// η_t ← η / (1 + (t − 1)·δ)
/// s ← s + g²                        (s starts at initialAccumulator)
/// θ ← θ − η_t · g / (√s + ε)        (ε outside the square root)
/// </code>
/// Keras' Adagrad also puts ε outside the root but defaults it to 1e-7 and starts s at 0.1.
/// </remarks>
public sealed class AdaGrad : IOptimizer
{
    /// <summary>Creates AdaGrad.</summary>
    /// <param name="learningRate">Step size η; finite and &gt; 0.</param>
    /// <param name="epsilon">ε added to √s; finite and &gt;= 0.</param>
    /// <param name="initialAccumulator">Initial value of the sum of squares s; finite and &gt;= 0.</param>
    /// <param name="weightDecay">Coupled L2 coefficient λ; finite and &gt;= 0.</param>
    /// <param name="learningRateDecay">δ in η / (1 + (t − 1)·δ); finite and &gt;= 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range or NaN.</exception>
    public AdaGrad(float learningRate = 0.01f, float epsilon = 1e-10f, float initialAccumulator = 0,
        float weightDecay = 0, float learningRateDecay = 0)
    {
        LearningRate = OptimizerArguments.Positive(learningRate, nameof(learningRate));
        Epsilon = OptimizerArguments.NonNegative(epsilon, nameof(epsilon));
        InitialAccumulator = OptimizerArguments.NonNegative(initialAccumulator, nameof(initialAccumulator));
        WeightDecay = OptimizerArguments.NonNegative(weightDecay, nameof(weightDecay));
        LearningRateDecay = OptimizerArguments.NonNegative(learningRateDecay, nameof(learningRateDecay));
    }

    /// <summary>Step size η.</summary>
    public float LearningRate { get; }

    /// <summary>ε added to √s.</summary>
    public float Epsilon { get; }

    /// <summary>Initial value of the accumulated squared gradients.</summary>
    public float InitialAccumulator { get; }

    /// <summary>Coupled L2 coefficient λ.</summary>
    public float WeightDecay { get; }

    /// <summary>Learning-rate decay δ.</summary>
    public float LearningRateDecay { get; }

    /// <inheritdoc />
    public IOptimizerState CreateState(int parameterCount) => new AdaGradState(parameterCount, InitialAccumulator, WeightDecay);

    /// <inheritdoc />
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, IOptimizerState state)
    {
        var s = OptimizerState.Expect<AdaGradState>(state, parameters.Length, gradients.Length, nameof(AdaGrad));
        long t = s.BeginStep();
        float lr = (float)(LearningRate * s.LearningRateFactor / (1 + (t - 1) * (double)LearningRateDecay));
        var g = CoupledWeightDecay.Apply(gradients, parameters, WeightDecay, s.Scratch);

        Span<float> update = s.Work;
        TensorPrimitives.MultiplyAdd(g, g, s.Sum, s.Sum);   // s ← s + g²
        TensorPrimitives.Sqrt(s.Sum, update);              // √s
        TensorPrimitives.Add(update, Epsilon, update);     // √s + ε
        TensorPrimitives.Divide(g, update, update);        // g / (√s + ε)
        TensorPrimitives.MultiplyAdd(update, -lr, parameters, parameters);
    }

    /// <inheritdoc />
    public override string ToString() => $"AdaGrad(lr={LearningRate})";
}
