namespace MlNetOptimizers;

/// <summary>Options of <see cref="EnsembleTrainer"/>.</summary>
public sealed class EnsembleOptions
{
    /// <summary>The label column: Boolean for binary ensembles, a key type for multiclass ensembles.</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>Train each member on a bootstrap sample (rows drawn with replacement) of the training data.</summary>
    public bool Bootstrap { get; set; }

    /// <summary>Seed of the bootstrap samples (member i uses Seed + i).</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Members trained at the same time; null for one per processor core.</summary>
    public int? MaxDegreeOfParallelism { get; set; }

    /// <summary>Non-negative weight of each member in the average of probabilities; null for equal weights.</summary>
    public float[]? Weights { get; set; }

    /// <summary>Data on which each member's own metrics are measured after training; null to skip.</summary>
    public Microsoft.ML.IDataView? ValidationData { get; set; }

    /// <summary>Called (from the training threads) as each member finishes; an exception thrown here ends Fit like a member's.</summary>
    public Action<EnsembleMember>? OnMemberTrained { get; set; }

    /// <summary>
    /// Cancels the ensemble's training: members not yet started never start, and members of this library that are training
    /// (also inside a pipeline) stop within a mini-batch or a few thousand rows of reading; Fit then throws
    /// <see cref="OperationCanceledException"/>. ML.NET's own trainers offer no way to interrupt them from outside: Fit waits
    /// for a running one to finish, so that no training thread outlives Fit.
    /// </summary>
    public CancellationToken CancellationToken { get; set; }
}
