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

/// <summary>The weighted mean and standard deviation of the labels (West's weighted form of Welford's update).</summary>
internal sealed class LabelMoments : LabelSummary
{
    private double _mean, _m2, _weight;

    public double Mean => _mean;

    /// <summary>The population standard deviation, example-weighted; 0 for a constant label.</summary>
    public double Deviation => _weight > 0 ? Math.Sqrt(Math.Max(_m2 / _weight, 0)) : 0;

    public override void Add(float label, float weight)
    {
        if (weight <= 0)
        {
            return;
        }
        _weight += weight;
        double delta = label - _mean;
        _mean += weight / _weight * delta;
        _m2 += weight * delta * (label - _mean);
    }
}
