using System.Runtime.Intrinsics.X86;

namespace MlNetOptimizers;

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
        return new Cursor(this, order);
    }

    private sealed class Cursor(DenseDataset data, int[] order) : ISplitBatchCursor
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

        public void Dispose() => data._spareOrder = order;

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
