using System.Runtime.Intrinsics.X86;

namespace MlNetOptimizers.Training;

/// <summary>Training rows held in memory as a row-major feature matrix, with their labels and example weights.</summary>
internal sealed class DenseDataset(float[] features, float[] labels, float[] weights, int featureCount)
    : InMemoryDataset(labels, weights, featureCount)
{
    public float[] Features { get; } = features;

    public override bool IsSparse => false;

    /// <summary>Standardizes the feature rows in place (the dataset is the trainer's own copy).</summary>
    public override void Standardize(FeatureStandardization standardization) => standardization.Apply(Features, RowCount);

    protected override IBatchCursor Cursor(int[] order, Action<int[]> returnOrder) => new RowCursor(this, order, returnOrder);

    /// <summary>A pass over rows of <paramref name="data"/> in <paramref name="order"/>; the order array goes back to its owner when closed.</summary>
    private sealed class RowCursor(DenseDataset data, int[] order, Action<int[]> returnOrder) : ISplitBatchCursor
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
