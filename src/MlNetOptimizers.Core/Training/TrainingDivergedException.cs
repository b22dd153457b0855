namespace MlNetOptimizers;

/// <summary>Thrown when the training loss or the parameters stop being finite numbers.</summary>
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

    /// <summary>The 1-based epoch in which training diverged.</summary>
    public int Epoch { get; }

    /// <summary>The 1-based mini-batch within that epoch.</summary>
    public int Batch { get; }
}
