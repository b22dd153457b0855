using System.Numerics.Tensors;
using MlNetOptimizers.GradientTransforms;
using MlNetOptimizers.Optimization;

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
/// through the adaptive denominator. As a chain (optax's <c>adamw</c>):
/// <c>ScaleByAdam(β1, β2, ε) → AddDecayedWeights(λ) → ScaleByLearningRate(η)</c>, which is the same step; this class
/// runs it as PyTorch writes it, decay first, then one fused Adam pass.
/// </remarks>
public sealed class AdamW : GradientTransformChain
{
    private readonly ScaleByAdam _adam;
    private readonly ScaleByLearningRate _rate;
    private readonly float _weightDecay;

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
        : base(new ScaleByAdam(beta1, beta2, epsilon, biasCorrection: true, amsGrad), new AddDecayedWeights(weightDecay),
            new ScaleByLearningRate(learningRate))
    {
        _adam = (ScaleByAdam)Stages[0];
        _rate = (ScaleByLearningRate)Stages[2];
        _weightDecay = weightDecay;
    }

    /// <summary>Step size η.</summary>
    public float LearningRate => _rate.LearningRate;

    /// <summary>Decay β1 of the first moment.</summary>
    public float Beta1 => _adam.Beta1;

    /// <summary>Decay β2 of the second moment.</summary>
    public float Beta2 => _adam.Beta2;

    /// <summary>ε added to the corrected root.</summary>
    public float Epsilon => _adam.Epsilon;

    /// <summary>Decoupled decay λ.</summary>
    public float WeightDecay => _weightDecay;

    /// <summary>Whether the AMSGrad maximum of v is used.</summary>
    public bool AmsGrad => _adam.AmsGrad;

    /// <summary>PyTorch's order: the decay first, then one fused Adam pass.</summary>
    private protected override void Apply(Span<float> parameters, ReadOnlySpan<float> gradients, ChainState s, int start, int length)
    {
        var step = new StepContext(s.StepCount, s.LearningRateFactor);
        float lr = _rate.StepSize(step);
        if (_weightDecay != 0)
        {
            var p = parameters.Slice(start, length);
            TensorPrimitives.Multiply(p, 1 - lr * _weightDecay, p);
        }
        ((IFusedWithStep)_adam).UpdateAndApply(gradients, parameters, s.StageStates[0], step, -lr, start, length);
    }

    /// <inheritdoc />
    public override string ToString() => $"AdamW(lr={LearningRate}, wd={WeightDecay})";

    private protected override ChainState NewState(ParameterLayout layout, TransformState?[] stageStates) =>
        new AdamState(this, layout, stageStates);
}
