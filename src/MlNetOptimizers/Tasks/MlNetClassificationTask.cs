namespace MlNetOptimizers.Tasks;

/// <summary>What the binary and the multiclass ML.NET tasks share: a classifier needs two classes in its training rows.</summary>
internal abstract class MlNetClassificationTask : MlNetTask
{
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
