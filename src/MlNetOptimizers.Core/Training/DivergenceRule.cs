using MlNetOptimizers.Tasks;

namespace MlNetOptimizers.Training;

/// <summary>
/// Catches a run that has gone wrong while every number is still finite (non-finite losses and parameters are caught
/// batch by batch): the epoch's mean training loss has exploded to more than <see cref="ExplosionFactor"/> times the
/// best epoch's, or, after <see cref="GraceEpochs"/> epochs, is still more than <see cref="ChanceFactor"/> times the loss of
/// the model that knows nothing (<see cref="ModelTask.ChanceLoss"/>: predicting every class alike, ln K), which only
/// saturated scores reach: a model that would be useless, returned as if trained.
/// </summary>
internal sealed class DivergenceRule(double chanceLoss)
{
    public const double ExplosionFactor = 100;
    public const double ChanceFactor = 1000;
    public const int GraceEpochs = 5;

    private readonly double _chance = chanceLoss;
    private double _best = double.PositiveInfinity;

    /// <summary>Starts from the epochs a resumed run has already done.</summary>
    public void Resume(IEnumerable<EpochRecord> records)
    {
        foreach (var record in records)
        {
            _best = Math.Min(_best, record.TrainLoss);
        }
    }

    /// <summary>Why epoch <paramref name="epoch"/>'s mean training loss means divergence; null when it does not.</summary>
    public string? Check(int epoch, double trainLoss, int lastEpoch)
    {
        string? reason = null;
        if (trainLoss > ExplosionFactor * _best && trainLoss > _chance)
        {
            reason = $"the mean training loss rose to {trainLoss:G4}, more than {ExplosionFactor:0} times the best epoch's ({_best:G4})";
        }
        else if (epoch >= Math.Min(GraceEpochs, lastEpoch) && trainLoss > ChanceFactor * _chance)
        {
            reason = $"the mean training loss is {trainLoss:G4}, more than {ChanceFactor:0} times that of predicting every class alike " +
                     $"({_chance:G4}): the scores are saturated";
        }
        _best = Math.Min(_best, trainLoss);
        return reason;
    }
}
