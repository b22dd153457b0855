namespace MlNetOptimizers.Optimization;

/// <summary>
/// An optimizer whose learning rate follows a schedule, advanced once per <see cref="Step"/>: before step t (counting
/// from 0) the inner optimizer's factor is set to <c>factor × schedule.Factor(t)</c>, where <c>factor</c> is this
/// optimizer's own <see cref="IOptimizerState.LearningRateFactor"/> (1 unless a trainer's per-epoch schedule sets it).
/// A per-step schedule and a per-epoch schedule therefore multiply; neither overwrites the other.
/// </summary>
public sealed class ScheduledOptimizer : IPartitionableOptimizer
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
    public float? BaseLearningRate => Inner.BaseLearningRate;

    /// <inheritdoc />
    public IOptimizerState CreateState(int parameterCount) => new ScheduledState(Inner.CreateState(parameterCount));

    /// <inheritdoc />
    public IOptimizerState CreateState(ParameterLayout layout) => new ScheduledState(Inner.CreateState(layout));

    /// <inheritdoc />
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, IOptimizerState state)
    {
        var scheduled = Expect(state);
        SetFactor(scheduled);
        Inner.Step(parameters, gradients, scheduled.Inner);
    }

    bool IPartitionableOptimizer.CanPartition => Inner is IPartitionableOptimizer { CanPartition: true };

    void IPartitionableOptimizer.BeginStep(IOptimizerState state)
    {
        var scheduled = Expect(state);
        SetFactor(scheduled);
        ((IPartitionableOptimizer)Inner).BeginStep(scheduled.Inner);
    }

    void IPartitionableOptimizer.StepRange(Span<float> parameters, ReadOnlySpan<float> gradients, IOptimizerState state, int start, int length) =>
        ((IPartitionableOptimizer)Inner).StepRange(parameters, gradients, Expect(state).Inner, start, length);

    private void SetFactor(ScheduledState scheduled) =>
        scheduled.Inner.LearningRateFactor = scheduled.LearningRateFactor * Schedule.Factor(scheduled.StepCount);

    private ScheduledState Expect(IOptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state as ScheduledState
            ?? throw new ArgumentException($"{this} needs a state from its own CreateState, got {state.GetType().Name}.", nameof(state));
    }

    /// <inheritdoc />
    public override string ToString() => $"{Inner} with {Schedule}";

    /// <summary>The inner optimizer's state, with the factor given from outside kept apart from the scheduled one.</summary>
    private sealed class ScheduledState(IOptimizerState inner) : IOptimizerState
    {
        public IOptimizerState Inner { get; } = inner;

        public int ParameterCount => Inner.ParameterCount;

        public long StepCount => Inner.StepCount;

        public float LearningRateFactor { get; set; } = 1f;

        public OptimizerStateDict ExportState() => Inner.ExportState();

        public void ImportState(OptimizerStateDict state) => Inner.ImportState(state);
    }
}
