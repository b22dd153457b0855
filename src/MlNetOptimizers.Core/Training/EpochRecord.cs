namespace MlNetOptimizers;

/// <summary>What one training epoch achieved: one point of a learning curve.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean (example-weighted) loss over the epoch's mini-batches, each measured before its own step.</param>
/// <param name="ValidationLoss">Mean loss on the validation rows after the epoch, or null without validation data.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation rows after the epoch, or null without validation data.</param>
/// <param name="LearningRateFactor">The schedule's factor of the optimizer's learning rate during the epoch (1 without a schedule).</param>
/// <param name="Seconds">Wall-clock seconds the epoch took, validation included.</param>
public sealed record EpochRecord(
    int Epoch, double TrainLoss, double? ValidationLoss, double? ValidationAccuracy, float LearningRateFactor, double Seconds)
{
    /// <summary>
    /// While the trainer chooses the L2 penalty (<c>L2Regularization</c> left null), the candidate λ whose trial run this
    /// epoch belongs to (trained on part of the rows, or judged on the validation data); null for the epochs of the model's
    /// own training, the ones <see cref="TrainingHistory.Epochs"/> holds.
    /// </summary>
    public float? SelectingL2 { get; init; }

    /// <summary>Root mean squared error on the validation rows after the epoch, in the label's units (regression); null otherwise.</summary>
    public double? ValidationRmse { get; init; }

    /// <summary>R² on the validation rows after the epoch (regression); null otherwise, or when the validation labels are all alike.</summary>
    public double? ValidationRSquared { get; init; }
}
