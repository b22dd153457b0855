namespace MlNetOptimizers;

/// <summary>
/// Thrown when training diverges: the loss or the parameters stop being finite numbers, or the epoch's loss explodes or
/// stays orders of magnitude above chance (see the message).
/// </summary>
public sealed class TrainingDivergedException : InvalidOperationException
{
    /// <summary>Creates the exception for the epoch (1-based) and batch in which the loss went bad.</summary>
    public TrainingDivergedException(int epoch, int batch, double loss, IOptimizer optimizer)
        : this(epoch, batch, loss, GenericAdvice(optimizer))
    {
    }

    /// <summary>The same, with the fix that works for this run (the trainer knows its options; see <c>TrainingSettings.DivergenceAdvice</c>).</summary>
    internal TrainingDivergedException(int epoch, int batch, double loss, string advice)
        : base($"Training diverged in epoch {epoch}, mini-batch {batch}: the loss became {loss}. {advice}")
    {
        Epoch = epoch;
        Batch = batch;
    }

    internal TrainingDivergedException(int epoch, string reason, string advice)
        : base($"Training diverged in epoch {epoch}: {reason}. {advice}")
    {
        Epoch = epoch;
    }

    /// <summary>Advice that holds for any run: what a trainer says when it knows nothing better.</summary>
    internal static string GenericAdvice(IOptimizer optimizer) =>
        $"Lower the learning rate of {optimizer}, clip the gradients, or standardize the features before the trainer.";

    /// <summary>The 1-based epoch in which training diverged.</summary>
    public int Epoch { get; }

    /// <summary>The 1-based mini-batch within that epoch; 0 when the whole epoch's loss revealed it.</summary>
    public int Batch { get; }
}
