using System.Numerics.Tensors;
using MlNetOptimizers.GradientTransforms;

namespace MlNetOptimizers.Optimization;

/// <summary>
/// The learning rate as a stage, usually the last: <c>u ← −η_t·u</c> with <c>η_t = η × factor × schedule(t − 1)</c>,
/// where <c>factor</c> is the step's <see cref="StepContext.LearningRateFactor"/> (optax's <c>scale_by_learning_rate</c>).
/// A <see cref="GradientTransformChain"/> ending in this stage owns the learning rate of each step here and nowhere else.
/// </summary>
public sealed class ScaleByLearningRate : IGradientTransform, IElementwiseTransform
{
    /// <summary>Creates the stage.</summary>
    /// <param name="learningRate">η; finite and &gt; 0.</param>
    /// <param name="schedule">A per-step factor of η (e.g. AdaGrad's <see cref="InverseTimeSchedule"/>); null for none.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not a finite positive number.</exception>
    public ScaleByLearningRate(float learningRate, ILearningRateSchedule? schedule = null)
    {
        LearningRate = OptimizerArguments.Positive(learningRate, nameof(learningRate));
        Schedule = schedule;
    }

    /// <summary>η.</summary>
    public float LearningRate { get; }

    /// <summary>The per-step factor of η, or null.</summary>
    public ILearningRateSchedule? Schedule { get; }

    /// <summary>η_t for a step.</summary>
    public float StepSize(StepContext step) =>
        Schedule is null ? LearningRate * step.LearningRateFactor : LearningRate * step.LearningRateFactor * Schedule.Factor(step.Step - 1);

    /// <inheritdoc />
    public TransformState? CreateState(ParameterLayout layout) => null;

    /// <inheritdoc />
    public void Update(Span<float> updates, ReadOnlySpan<float> parameters, TransformState? state, StepContext step) =>
        ((IElementwiseTransform)this).UpdateRange(updates, parameters, state, step, 0, updates.Length);

    void IElementwiseTransform.UpdateRange(Span<float> updates, ReadOnlySpan<float> parameters, TransformState? state, StepContext step, int start, int length)
    {
        var u = updates.Slice(start, length);
        TensorPrimitives.Multiply(u, -StepSize(step), u);
    }

    /// <inheritdoc />
    public override string ToString() => Schedule is null ? $"scale_by_learning_rate({LearningRate})" : $"scale_by_learning_rate({LearningRate}, {Schedule})";
}
