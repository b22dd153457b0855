using System.Numerics.Tensors;

namespace MlNetOptimizers;

/// <summary>
/// Plain stochastic gradient descent, exactly PyTorch's <c>torch.optim.SGD</c> with <c>momentum=0</c>.
/// </summary>
/// <remarks>
/// Update rule for step t, with gradient g, parameters θ, learning rate η and weight decay λ:
/// <code>
/// g ← g + λ·θ          (coupled L2 decay, skipped when λ = 0)
/// θ ← θ − η·g
/// </code>
/// η is multiplied by <see cref="IOptimizerState.LearningRateFactor"/> when a schedule is attached.
/// </remarks>
public sealed class Sgd : IOptimizer
{
    /// <summary>Creates plain SGD.</summary>
    /// <param name="learningRate">Step size η; finite and &gt; 0.</param>
    /// <param name="weightDecay">Coupled L2 coefficient λ; finite and &gt;= 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range or NaN.</exception>
    public Sgd(float learningRate, float weightDecay = 0)
    {
        LearningRate = OptimizerArguments.Positive(learningRate, nameof(learningRate));
        WeightDecay = OptimizerArguments.NonNegative(weightDecay, nameof(weightDecay));
    }

    /// <summary>Step size η.</summary>
    public float LearningRate { get; }

    /// <summary>Coupled L2 coefficient λ.</summary>
    public float WeightDecay { get; }

    /// <inheritdoc />
    public IOptimizerState CreateState(int parameterCount) => new SgdState(parameterCount, WeightDecay);

    /// <inheritdoc />
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, IOptimizerState state)
    {
        var s = OptimizerState.Expect<SgdState>(state, parameters.Length, gradients.Length, nameof(Sgd));
        s.BeginStep();
        float lr = LearningRate * s.LearningRateFactor;
        var g = CoupledWeightDecay.Apply(gradients, parameters, WeightDecay, s.Scratch);
        TensorPrimitives.MultiplyAdd(g, -lr, parameters, parameters);
    }

    /// <inheritdoc />
    public override string ToString() => $"SGD(lr={LearningRate}{(WeightDecay != 0 ? $", wd={WeightDecay}" : "")})";
}
