namespace MlNetOptimizers;

// The run: threads, seed, what is reported, how it is stopped and resumed.
public sealed partial class GradientTrainerOptions
{
    /// <summary>
    /// Threads computing each mini-batch's gradient. Null (the default): the batch is split into shards by its arithmetic
    /// (<see cref="TrainerDefaults.GradientShards"/>: one for small networks and batches, up to four), computed by as many of
    /// the cores available as there are shards; the model depends on the seed alone, not on the machine. Set: the batch is
    /// split into this many shards (its results are those of this many threads, on any machine), computed by at most as
    /// many threads as there are cores available.
    /// </summary>
    public int? NumberOfThreads { get; set; }

    /// <summary>Seed of weight initialisation, shuffling and the validation split; default <see cref="TrainerDefaults.Seed"/>.</summary>
    public int Seed { get; set; } = TrainerDefaults.Seed;

    /// <summary>
    /// Called after every epoch, on the thread that trained it; the trial runs that choose λ (see <see cref="L2Regularization"/>)
    /// may run on threads of their own, and their calls come one at a time. The model's own run may start beside the last
    /// trials: its epochs then come once it is known to be the model, in order (the first ones at once, from the thread
    /// that learned it), and a run that is not the model is never reported.
    /// </summary>
    public Action<EpochRecord>? OnEpoch { get; set; }

    /// <summary>Receives every epoch's record (through the progress object's own synchronisation).</summary>
    public IProgress<EpochRecord>? Progress { get; set; }

    /// <summary>
    /// Cancels training with <see cref="OperationCanceledException"/>: while the data is counted, read or summarised (within a
    /// few thousand rows) and between mini-batches; once epochs have begun, a <see cref="TrainingCanceledException"/> that
    /// carries the learning curve so far.
    /// </summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>
    /// A file to write a checkpoint to after every epoch, atomically: the parameters, the optimizer's state, the schedule's,
    /// plateau's and stopping rules' counters, the epoch and the learning curve. A Fit that finds a checkpoint of the same
    /// run there resumes from it (and one that finished returns its model at once); a checkpoint of another configuration or
    /// other data is refused. A resumed run ends bit-identical to an uninterrupted one with the same seed and options.
    /// A run that chooses its λ (<see cref="L2Candidates"/>, or the default candidates) records each finished trial run in
    /// a file beside it, the same path with ".l2" appended, so that a resumed run trains only the trials it lacks, or none.
    /// Null for none.
    /// </summary>
    public string? CheckpointPath { get; set; }

    private void ValidateRun()
    {
        Require(NumberOfThreads is null or > 0, nameof(NumberOfThreads), NumberOfThreads, "must be > 0 (or null: chosen by the batch's arithmetic)");
    }
}
