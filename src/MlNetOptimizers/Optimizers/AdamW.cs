using System.Numerics.Tensors;

namespace MlNetOptimizers;

/// <summary>
/// AdamW (Loshchilov and Hutter, 2019): Adam with decoupled weight decay, exactly PyTorch's <c>torch.optim.AdamW</c>.
/// </summary>
/// <remarks>
/// Update rule for step t = 1, 2, …, with gradient g, parameters θ, learning rate η, weight decay λ:
/// <code>
/// θ ← θ · (1 − η·λ)                             (decoupled, scaled by the current η; g is not changed)
/// m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g²;   v ← max(v_max, v) (AMSGrad)
/// θ ← θ − (η / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
/// </code>
/// The paper scales the decay by a schedule multiplier only (θ ← θ − η_t·λ·θ with its own α); PyTorch, Keras and optax
/// multiply λ by the learning rate, as here. Unlike <see cref="Adam"/>'s <c>weightDecay</c>, the decay never passes
/// through the adaptive denominator.
/// </remarks>
public sealed class AdamW : IOptimizer
{
    /// <summary>Creates AdamW.</summary>
    /// <param name="learningRate">Step size η; finite and &gt; 0.</param>
    /// <param name="beta1">Decay β1 of the first moment, in [0, 1).</param>
    /// <param name="beta2">Decay β2 of the second moment, in [0, 1).</param>
    /// <param name="epsilon">ε added to the root; finite and &gt;= 0.</param>
    /// <param name="weightDecay">Decoupled decay λ; finite and &gt;= 0.</param>
    /// <param name="amsGrad">Use the running maximum of v (AMSGrad).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range or NaN.</exception>
    public AdamW(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f,
        float weightDecay = 0.01f, bool amsGrad = false)
    {
        LearningRate = OptimizerArguments.Positive(learningRate, nameof(learningRate));
        Beta1 = OptimizerArguments.UnitInterval(beta1, nameof(beta1));
        Beta2 = OptimizerArguments.UnitInterval(beta2, nameof(beta2));
        Epsilon = OptimizerArguments.NonNegative(epsilon, nameof(epsilon));
        WeightDecay = OptimizerArguments.NonNegative(weightDecay, nameof(weightDecay));
        AmsGrad = amsGrad;
    }

    /// <summary>Step size η.</summary>
    public float LearningRate { get; }

    /// <summary>Decay β1 of the first moment.</summary>
    public float Beta1 { get; }

    /// <summary>Decay β2 of the second moment.</summary>
    public float Beta2 { get; }

    /// <summary>ε added to the corrected root.</summary>
    public float Epsilon { get; }

    /// <summary>Decoupled decay λ.</summary>
    public float WeightDecay { get; }

    /// <summary>Whether the AMSGrad maximum of v is used.</summary>
    public bool AmsGrad { get; }

    /// <inheritdoc />
    public IOptimizerState CreateState(int parameterCount) => new AdamState(parameterCount, AmsGrad, coupledWeightDecay: 0);

    /// <inheritdoc />
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, IOptimizerState state)
    {
        var s = OptimizerState.Expect<AdamState>(state, parameters.Length, gradients.Length, nameof(AdamW));
        long t = s.BeginStep();
        float lr = LearningRate * s.LearningRateFactor;
        if (WeightDecay != 0)
        {
            TensorPrimitives.Multiply(parameters, 1 - lr * WeightDecay, parameters);
        }
        AdamCore.Step(parameters, gradients, s, t, lr, Beta1, Beta2, Epsilon, biasCorrection: true, AmsGrad);
    }

    /// <inheritdoc />
    public override string ToString() => $"AdamW(lr={LearningRate}, wd={WeightDecay})";
}
