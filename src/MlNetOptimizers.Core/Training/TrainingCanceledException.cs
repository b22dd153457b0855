namespace MlNetOptimizers;

/// <summary>
/// Thrown when training is cancelled through its <see cref="CancellationToken"/>; an <see cref="OperationCanceledException"/>
/// that also carries the learning curve up to the last completed epoch (its <see cref="TrainingHistory.StopReason"/> is
/// <see cref="StopReason.Cancelled"/>).
/// </summary>
public sealed class TrainingCanceledException : OperationCanceledException
{
    internal TrainingCanceledException(TrainingHistory history, OperationCanceledException cause)
        : base($"Training was cancelled after {history.Epochs.Count} complete epoch(s).", cause, cause.CancellationToken) =>
        History = history;

    /// <summary>The epochs completed before the cancellation.</summary>
    public TrainingHistory History { get; }
}
