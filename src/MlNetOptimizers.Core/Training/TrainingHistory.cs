namespace MlNetOptimizers;

/// <summary>The learning curve of a training run and how it ended.</summary>
public sealed class TrainingHistory
{
    internal TrainingHistory(IReadOnlyList<EpochRecord> epochs, int? bestEpoch, bool stoppedEarly)
    {
        Epochs = epochs;
        BestEpoch = bestEpoch;
        StoppedEarly = stoppedEarly;
    }

    /// <summary>One record per completed epoch, in order.</summary>
    public IReadOnlyList<EpochRecord> Epochs { get; }

    /// <summary>
    /// The epoch with the lowest validation loss, whose parameters the model holds when early stopping restored them;
    /// null without validation data.
    /// </summary>
    public int? BestEpoch { get; }

    /// <summary>Whether early stopping ended training before the last epoch.</summary>
    public bool StoppedEarly { get; }

    /// <summary>Total wall-clock seconds of all epochs.</summary>
    public double TotalSeconds => Epochs.Sum(e => e.Seconds);
}
