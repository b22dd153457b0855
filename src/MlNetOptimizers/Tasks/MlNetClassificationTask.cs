namespace MlNetOptimizers.Tasks;

/// <summary>What the binary and the multiclass ML.NET tasks share: a classifier needs two classes in its training rows.</summary>
internal abstract class MlNetClassificationTask : MlNetTask
{
    /// <summary>Classifiers train on the log-loss: a regression loss is refused, naming the option.</summary>
    public sealed override MlNetTask ForOptions(GradientTrainerOptions options) => options.Loss is null ? this : throw new ArgumentException(
        $"Loss is set ({options.Loss}); it applies to regression, and a classifier trains on the log-loss. Leave Loss null.", nameof(options));

    /// <summary>Networks choose among <see cref="TrainerDefaults.NetworkL2Candidates"/>; linear classifiers take <see cref="TrainerDefaults.LinearL2"/>.</summary>
    public sealed override IReadOnlyList<float>? DefaultL2Candidates(bool linear) => linear ? null : TrainerDefaults.NetworkL2Candidates;

    /// <summary>How a message names class <paramref name="index"/> (0-based) of the label column.</summary>
    private protected abstract string ClassName(int index);

    public sealed override void CheckTrainingLabels(LabelSummary labels, string labelColumn)
    {
        var counts = ((ClassCounts)labels).RowsPerClass;
        var present = Enumerable.Range(0, counts.Length).Where(c => counts[c] > 0).ToArray();
        if (present.Length < 2)
        {
            throw new ArgumentException(
                $"Label column '{labelColumn}' has only one class ({ClassName(present.Single())}) in the training data; a classifier needs at least two.");
        }
    }
}
