namespace MlNetOptimizers.Training;

/// <summary>What the training loop needs to know, and nothing else: the ML.NET adapter builds it from its options.</summary>
internal sealed record TrainingSettings
{
    /// <summary>The most passes over the training data.</summary>
    public required int Epochs { get; init; }

    /// <summary>Whether <see cref="Epochs"/> is the winning λ trial's epoch count rather than the option: a run that ends there says <see cref="StopReason.ChosenTrialEpochs"/>.</summary>
    public bool EpochsFromChosenTrial { get; init; }

    /// <summary>Relative improvement of the monitored loss that counts; 0 trains all epochs.</summary>
    public double ConvergenceTolerance { get; init; }

    /// <summary>Epochs without an improvement larger than the tolerance before training stops.</summary>
    public int ConvergencePatience { get; init; } = 10;

    /// <summary>
    /// λ of the L2 penalty ½·λ·‖W‖² on the weights that the optimizer's gradient transforms apply, so that the loop can
    /// watch the objective it minimizes (loss + penalty) when it monitors the training loss.
    /// </summary>
    public float WeightPenalty { get; init; }

    /// <summary>Lowers the learning rate when the monitored loss stalls; null for never.</summary>
    public ReduceLearningRateOnPlateau? Plateau { get; init; }

    /// <summary>The training rows, for a plateau rule whose patience counts rows too; 0 when unknown.</summary>
    public long TrainingRows { get; init; }

    /// <summary>Rows per mini-batch.</summary>
    public required int BatchSize { get; init; }

    /// <summary>Shards each mini-batch's gradient is computed in (summed in shard order): part of the run's arithmetic.</summary>
    public int Shards { get; init; } = 1;

    /// <summary>Threads computing the shards, at most <see cref="Shards"/>: not part of the arithmetic, a run is the same on any number.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Asked before every epoch for the threads to compute it with, instead of <see cref="Threads"/>; null for a fixed count.</summary>
    public Func<int>? ThreadsNow { get; init; }

    /// <summary>
    /// Asked before every epoch whether to train it (it may wait until it knows): a model trained while the trial run
    /// that decides its epochs still runs; once it says no, the run ends as if out of epochs. Null: every epoch up to
    /// <see cref="Epochs"/>.
    /// </summary>
    public Func<int, bool>? MayTrainEpoch { get; init; }

    /// <summary>Seed of the shuffling.</summary>
    public int Seed { get; init; }

    /// <summary>Factor of the learning rate per epoch (epoch 1 is step 0), or null for a constant rate.</summary>
    public ILearningRateSchedule? EpochSchedule { get; init; }

    /// <summary>Epochs without a lower validation loss before stopping and restoring the best parameters; 0 for never.</summary>
    public int EarlyStoppingPatience { get; init; }

    /// <summary>Called on the training thread after every epoch.</summary>
    public Action<EpochRecord>? EpochCompleted { get; init; }

    /// <summary>Where to write a checkpoint after every epoch (and to resume from), or null for none.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>"key=value; …" describing the run's configuration and data; a checkpoint of another fingerprint is refused.</summary>
    public string CheckpointFingerprint { get; init; } = "";

    /// <summary>Whether the rows come sparse (<see cref="IBatchSource.IsSparse"/>), so that the first layer runs on their non-zeros.</summary>
    public bool SparseInput { get; init; }

    /// <summary>
    /// With sparse input and an optimizer whose step splits into ranges: step only the first layer's weight rows a batch
    /// touched, and the rest of the network (PyTorch's <c>SparseAdam</c>: untouched rows keep their moments, undecayed),
    /// instead of the whole vector.
    /// </summary>
    public bool LazySparseSteps { get; init; }

    /// <summary>
    /// What a <see cref="TrainingDivergedException"/> tells the user to do, in the terms of the options that made the run
    /// (a run on raw features is told to standardize them; one on standardized features, what learning rate to use);
    /// null for <see cref="TrainingDivergedException.GenericAdvice"/>.
    /// </summary>
    public string? DivergenceAdvice { get; init; }

    /// <summary>Checked between mini-batches.</summary>
    public CancellationToken CancellationToken { get; init; }
}
