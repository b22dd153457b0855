using MlNetOptimizers.Kernels;

namespace MlNetOptimizers.Training;

/// <summary>
/// What decides, epoch by epoch, how training goes on: the plateau rule's learning-rate factor, early stopping's best
/// epoch (and its parameters, restored at the end), the convergence rule, and the divergence rule; with what a checkpoint
/// saves of each and gives back.
/// </summary>
internal sealed class StoppingRules(TrainingSettings settings, float? baseLearningRate, double chanceLoss)
{
    private readonly ReduceLearningRateOnPlateau.Tracker? _plateau = settings.Plateau?.Create(baseLearningRate, settings.TrainingRows);
    private readonly ConvergenceRule _convergence = new(settings.ConvergenceTolerance, settings.ConvergencePatience);
    private readonly DivergenceRule _divergence = new(chanceLoss);
    private float[]? _best;
    private double _bestLoss = double.PositiveInfinity;
    private int _epochsWithoutImprovement;

    /// <summary>The epoch with the lowest validation loss so far; null without validation data.</summary>
    public int? BestEpoch { get; private set; }

    /// <summary>The learning rate's factor in epoch <paramref name="epoch"/>: the per-epoch schedule's times the plateau rule's.</summary>
    public float LearningRateFactor(int epoch) => (settings.EpochSchedule?.Factor(epoch - 1) ?? 1f) * (_plateau?.Factor ?? 1f);

    /// <summary>Why epoch <paramref name="epoch"/>'s mean training loss means divergence; null when it does not.</summary>
    public string? Diverged(int epoch, double trainLoss) => _divergence.Check(epoch, trainLoss, settings.Epochs);

    /// <summary>
    /// Counts a finished epoch: the loss the rules watch (<paramref name="monitored"/>), its validation loss, and the
    /// parameters it ended with; returns why training stops now, or null to go on.
    /// </summary>
    public StopReason? Observe(int epoch, double monitored, double? validationLoss, ReadOnlySpan<float> parameters)
    {
        float before = _plateau?.Factor ?? 1f;
        if (_plateau is not null && _plateau.Observe(monitored) < before)
        {
            _convergence.Reset(); // a lower learning rate gets a patience of its own
        }
        if (validationLoss is { } loss)
        {
            if (loss < _bestLoss)
            {
                _bestLoss = loss;
                BestEpoch = epoch;
                _epochsWithoutImprovement = 0;
                if (settings.EarlyStoppingPatience > 0)
                {
                    _best ??= new float[parameters.Length];
                    parameters.CopyTo(_best);
                }
            }
            else if (settings.EarlyStoppingPatience > 0 && ++_epochsWithoutImprovement >= settings.EarlyStoppingPatience)
            {
                return StopReason.EarlyStopping;
            }
        }
        return _convergence.Converged(monitored) ? StopReason.Converged : null;
    }

    /// <summary>At the end of training: the best epoch's parameters, when early stopping keeps them.</summary>
    public void RestoreBest(Span<float> parameters) => _best?.CopyTo(parameters);

    /// <summary>A checkpoint of the run after <paramref name="epoch"/> epochs, with these rules' counters.</summary>
    public TrainingCheckpoint Checkpoint(int epoch, StopReason? finished, AlignedBuffer parameters, IOptimizerState state,
        IReadOnlyList<EpochRecord> records) => new()
    {
        Fingerprint = settings.CheckpointFingerprint,
        Finished = finished,
        Epoch = epoch,
        Parameters = parameters.Span.ToArray(),
        Optimizer = state.ExportState(),
        Plateau = _plateau?.Snapshot,
        Convergence = _convergence.Snapshot,
        BestLoss = _bestLoss,
        BestEpoch = BestEpoch,
        EpochsWithoutImprovement = _epochsWithoutImprovement,
        BestParameters = _best,
        Records = records,
    };

    /// <summary>Takes the counters of a checkpoint of this run.</summary>
    public void Resume(TrainingCheckpoint checkpoint)
    {
        if (_plateau is not null && checkpoint.Plateau is { } saved)
        {
            _plateau.Snapshot = saved;
        }
        _convergence.Snapshot = checkpoint.Convergence;
        _divergence.Resume(checkpoint.Records);
        (_best, _bestLoss, BestEpoch, _epochsWithoutImprovement) =
            (checkpoint.BestParameters, checkpoint.BestLoss, checkpoint.BestEpoch, checkpoint.EpochsWithoutImprovement);
    }
}
