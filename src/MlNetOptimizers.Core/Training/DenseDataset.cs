using System.Runtime.Intrinsics.X86;
using MlNetOptimizers.Tasks;

namespace MlNetOptimizers.Training;

/// <summary>Training rows held in memory: a row-major feature matrix with labels and example weights.</summary>
internal sealed class DenseDataset : IBatchSource
{
    public DenseDataset(float[] features, float[] labels, float[] weights, int featureCount)
    {
        Features = features;
        Labels = labels;
        Weights = weights;
        FeatureCount = featureCount;
    }

    public float[] Features { get; }

    /// <summary>0/1 for binary, the 0-based class index for multiclass.</summary>
    public float[] Labels { get; }

    public float[] Weights { get; }

    public int FeatureCount { get; }

    public int RowCount => Labels.Length;

    /// <summary>Standardizes the feature rows in place (the dataset is the trainer's own copy) and returns it.</summary>
    public DenseDataset Standardize(FeatureStandardization standardization)
    {
        standardization.Apply(Features, RowCount);
        return this;
    }

    /// <summary>Standardizes the labels in place (a regression target; the dataset is the trainer's own copy) and returns it.</summary>
    public DenseDataset StandardizeLabels(LabelScale scale)
    {
        TargetStandardization.Apply(scale, Labels);
        return this;
    }

    /// <summary>The shuffle order of the last closed cursor, reused by the next one: one array per dataset, not per epoch.</summary>
    private int[]? _spareOrder;

    public IBatchCursor Open(Random? shuffle)
    {
        var order = Interlocked.Exchange(ref _spareOrder, null) ?? new int[RowCount];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        shuffle?.Shuffle(order);
        return new Cursor(this, order, _returnOrder ??= spare => _spareOrder = spare);
    }

    private Action<int[]>? _returnOrder;

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
    private sealed class Rows(DenseDataset data, int[] rows) : IBatchSource
    {
        private int[]? _spareOrder;
        private Action<int[]>? _returnOrder;

        public int FeatureCount => data.FeatureCount;

        public IBatchCursor Open(Random? shuffle)
        {
            var order = Interlocked.Exchange(ref _spareOrder, null) ?? new int[rows.Length];
            rows.CopyTo(order, 0);
            shuffle?.Shuffle(order);
            return new Cursor(data, order, _returnOrder ??= spare => _spareOrder = spare);
        }
    }

    /// <summary>A pass over rows of <paramref name="data"/> in <paramref name="order"/>; the order array goes back to its owner when closed.</summary>
    private sealed class Cursor(DenseDataset data, int[] order, Action<int[]> returnOrder) : ISplitBatchCursor
    {
        private int _next;
        private int _taken;

        public int Fill(Span<float> features, Span<float> labels, Span<float> weights, int maxRows)
        {
            int rows = Take(labels, weights, maxRows);
            CopyFeatures(0, rows, features);
            return rows;
        }

        public int Take(Span<float> labels, Span<float> weights, int maxRows)
        {
            int rows = Math.Min(maxRows, order.Length - _next);
            for (int i = 0; i < rows; i++)
            {
                int row = order[_next + i];
                labels[i] = data.Labels[row];
                weights[i] = data.Weights[row];
            }
            _taken = _next;
            _next += rows;
            return rows;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public void CopyFeatures(int first, int count, Span<float> destination)
        {
            int width = data.FeatureCount;
            int start = _taken + first, end = start + count;
            for (int i = start; i < end; i++)
            {
                // Look past this range too: the next rows of the pass are the next batch's (or the other worker's).
                if (Sse.IsSupported && i + PrefetchDistance < order.Length)
                {
                    Prefetch(data.Features, order[i + PrefetchDistance] * width, width);
                }
                data.Features.AsSpan(order[i] * width, width).CopyTo(destination.Slice((i - start) * width, width));
            }
        }

        public void Dispose() => returnOrder(order);

        // Rows are gathered in shuffled order, so the hardware prefetcher cannot guess the next one; asking for the row
        // a few places ahead hides most of the memory latency.
        private const int PrefetchDistance = 8;

        /// <summary>Floats in one 64-byte cache line: one prefetch per line.</summary>
        private const int FloatsPerCacheLine = 16;

        private static unsafe void Prefetch(float[] features, int offset, int width)
        {
            fixed (float* start = &features[offset])
            {
                for (int b = 0; b < width; b += FloatsPerCacheLine)
                {
                    Sse.Prefetch0(start + b);
                }
            }
        }
    }
}
