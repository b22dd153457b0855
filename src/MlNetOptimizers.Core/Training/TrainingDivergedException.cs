namespace MlNetOptimizers;

/// <summary>
/// Thrown when training diverges: the loss or the parameters stop being finite numbers, or the epoch's loss explodes or
/// stays orders of magnitude above chance (see the message).
/// </summary>
public sealed class TrainingDivergedException : InvalidOperationException
{
    /// <summary>Creates the exception for the epoch (1-based) and batch in which the loss went bad.</summary>
    public TrainingDivergedException(int epoch, int batch, double loss, IOptimizer optimizer)
        : base($"Training diverged in epoch {epoch}, mini-batch {batch}: the loss became {loss}. " +
               $"Lower the learning rate of {optimizer}, set GradientClipNorm, or normalize the features " +
               "(e.g. NormalizeMeanVariance) before the trainer.")
    {
        Epoch = epoch;
        Batch = batch;
    }

    internal TrainingDivergedException(int epoch, string reason, IOptimizer optimizer)
        : base($"Training diverged in epoch {epoch}: {reason}. Lower the learning rate of {optimizer}, set GradientClipNorm, " +
               "or keep StandardizeFeatures on (or normalize the features before the trainer).")
    {
        Epoch = epoch;
    }

    /// <summary>The 1-based epoch in which training diverged.</summary>
    public int Epoch { get; }

    /// <summary>The 1-based mini-batch within that epoch; 0 when the whole epoch's loss revealed it.</summary>
    public int Batch { get; }
}
