namespace MlNetOptimizers;

/// <summary>The learning curve of a training run and how it ended.</summary>
public sealed class TrainingHistory
{
    internal TrainingHistory(IReadOnlyList<EpochRecord> epochs, int? bestEpoch, StopReason stopReason)
    {
        Epochs = epochs;
        BestEpoch = bestEpoch;
        StopReason = stopReason;
    }

    /// <summary>One record per completed epoch, in order.</summary>
    public IReadOnlyList<EpochRecord> Epochs { get; }

    /// <summary>
    /// The epoch with the lowest validation loss, whose parameters the model holds when early stopping restored them;
    /// null without validation data.
    /// </summary>
    public int? BestEpoch { get; }

    /// <summary>Why training ended.</summary>
    public StopReason StopReason { get; }

    /// <summary>
    /// Whether the training rows were held in memory (DataLoadingMode.InMemory, or Auto within MaxInMemoryBytes) rather than
    /// read again each epoch (streaming).
    /// </summary>
    public bool TrainedInMemory { get; internal init; }

    /// <summary>λ of the L2 penalty ½·λ·‖W‖² on the weights that the model was trained with: the option's, the default, or the one chosen.</summary>
    public float L2Regularization { get; internal init; }

    /// <summary>
    /// When the trainer chose <see cref="L2Regularization"/> (the option was left null on a network, or
    /// <c>L2Candidates</c> was set), each candidate it tried, in order, with its held-out loss; null when λ was fixed.
    /// </summary>
    public IReadOnlyList<L2Candidate>? L2Selection { get; internal set; }

    /// <summary>Whether the model was trained beside the last λ trials (on a core they no longer needed) rather than after them: the same model.</summary>
    internal bool TrainedBesideTrials { get; set; }

    /// <summary>Whether early stopping ended training (and restored the best epoch's parameters).</summary>
    public bool StoppedEarly => StopReason == StopReason.EarlyStopping;

    /// <summary>Total wall-clock seconds of all epochs.</summary>
    public double TotalSeconds => Epochs.Sum(e => e.Seconds);
}
