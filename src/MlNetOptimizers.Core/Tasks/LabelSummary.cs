namespace MlNetOptimizers.Tasks;

/// <summary>What the pass before training learns of the labels, row by row (<see cref="ModelTask.CreateLabelSummary"/>).</summary>
internal abstract class LabelSummary
{
    /// <summary>Counts one row's label with its example weight.</summary>
    public abstract void Add(float label, float weight);
}

/// <summary>Rows per class (whatever their weight).</summary>
internal sealed class ClassCounts(int classes) : LabelSummary
{
    public long[] RowsPerClass { get; } = new long[classes];

    public override void Add(float label, float weight) => RowsPerClass[(int)label]++;
}
