using MlNetOptimizers.Tasks;

namespace MlNetOptimizers.Training;

/// <summary>
/// Training rows held in memory, dense (<see cref="DenseDataset"/>) or sparse (<see cref="SparseDataset"/>): their labels
/// and example weights, passes in shuffled order that reuse one order array, and the stratified split of the L2 choice,
/// whose two parts are views of the same arrays.
/// </summary>
internal abstract class InMemoryDataset : IBatchSource
{
    private int[]? _spareOrder;
    private Action<int[]>? _returnOrder;

    protected InMemoryDataset(float[] labels, float[] weights, int featureCount)
    {
        Labels = labels;
        Weights = weights;
        FeatureCount = featureCount;
    }

    /// <summary>0/1 for binary, the 0-based class index for multiclass, the (standardized) target for regression.</summary>
    public float[] Labels { get; }

    public float[] Weights { get; }

    public int FeatureCount { get; }

    public int RowCount => Labels.Length;

    public abstract bool IsSparse { get; }

    /// <summary>Standardizes the feature values in place (the dataset is the trainer's own copy).</summary>
    public abstract void Standardize(FeatureStandardization standardization);

    /// <summary>Standardizes the labels in place (a regression target; the dataset is the trainer's own copy).</summary>
    public void StandardizeLabels(LabelScale scale) => TargetStandardization.Apply(scale, Labels);

    /// <summary>A pass over the rows in <paramref name="order"/>, which goes back to its owner through <paramref name="returnOrder"/> when closed.</summary>
    protected abstract IBatchCursor Cursor(int[] order, Action<int[]> returnOrder);

    public IBatchCursor Open(Random? shuffle)
    {
        var order = Interlocked.Exchange(ref _spareOrder, null) ?? new int[RowCount];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        shuffle?.Shuffle(order);
        return Cursor(order, _returnOrder ??= spare => _spareOrder = spare);
    }

    /// <summary>
    /// Splits the rows, stratum by stratum (a classifier's classes: scikit-learn's stratified split), into a part to fit
    /// and a holdout of ⌊<paramref name="fraction"/>·n_s⌋ rows of each stratum s, drawn with <paramref name="seed"/>: two
    /// views of this dataset's arrays, nothing copied. The holdout is empty when no stratum has enough rows;
    /// <c>HoldoutRows</c> counts its rows of positive example weight, the ones a loss on it is measured on.
    /// </summary>
    public (IBatchSource Fit, IBatchSource Holdout, int HoldoutRows) StratifiedSplit(double fraction, int seed, ModelTask task, int classCount)
    {
        var random = new Random(seed);
        var fit = new List<int>(RowCount);
        var holdout = new List<int>();
        var byStratum = Enumerable.Range(0, task.StratumCount(classCount)).Select(_ => new List<int>()).ToArray();
        for (int r = 0; r < RowCount; r++)
        {
            byStratum[task.Stratum(Labels[r])].Add(r);
        }
        foreach (var rows in byStratum)
        {
            var shuffled = rows.ToArray();
            random.Shuffle(shuffled);
            int held = (int)(fraction * shuffled.Length);
            holdout.AddRange(shuffled.AsSpan(0, held));
            fit.AddRange(shuffled.AsSpan(held));
        }
        fit.Sort();
        holdout.Sort();
        return (new Rows(this, [.. fit]), new Rows(this, [.. holdout]), holdout.Count(r => Weights[r] > 0));
    }

    /// <summary>Some of a dataset's rows (in the given order when not shuffled), read from its arrays.</summary>
    private sealed class Rows(InMemoryDataset data, int[] rows) : IBatchSource
    {
        private int[]? _spareOrder;
        private Action<int[]>? _returnOrder;

        public int FeatureCount => data.FeatureCount;

        public bool IsSparse => data.IsSparse;

        public IBatchCursor Open(Random? shuffle)
        {
            var order = Interlocked.Exchange(ref _spareOrder, null) ?? new int[rows.Length];
            rows.CopyTo(order, 0);
            shuffle?.Shuffle(order);
            return data.Cursor(order, _returnOrder ??= spare => _spareOrder = spare);
        }
    }
}
