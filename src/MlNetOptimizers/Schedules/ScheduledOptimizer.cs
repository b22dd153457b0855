namespace MlNetOptimizers;

/// <summary>
/// An optimizer whose learning rate follows a schedule, advanced once per <see cref="Step"/>:
/// before step t (counting from 0) it sets <see cref="IOptimizerState.LearningRateFactor"/> to <c>schedule.Factor(t)</c>.
/// </summary>
public sealed class ScheduledOptimizer : IOptimizer
{
    /// <summary>Wraps <paramref name="inner"/> with <paramref name="schedule"/>.</summary>
    public ScheduledOptimizer(IOptimizer inner, ILearningRateSchedule schedule)
    {
        Inner = inner ?? throw new ArgumentNullException(nameof(inner));
        Schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
    }

    /// <summary>The optimizer that does the update.</summary>
    public IOptimizer Inner { get; }

    /// <summary>The schedule of its learning-rate factor.</summary>
    public ILearningRateSchedule Schedule { get; }

    /// <inheritdoc />
    public IOptimizerState CreateState(int parameterCount) => Inner.CreateState(parameterCount);

    /// <inheritdoc />
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, IOptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.LearningRateFactor = Schedule.Factor(state.StepCount);
        Inner.Step(parameters, gradients, state);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Inner} with {Schedule}";
}
