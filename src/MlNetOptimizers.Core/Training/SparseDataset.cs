using MlNetOptimizers.Kernels;

namespace MlNetOptimizers.Training;

/// <summary>
/// Training rows held in memory as sparse rows (their non-zeros in a <see cref="SparseRowStore"/>), with their labels and
/// example weights: 8 bytes per non-zero and 20 per row, whatever the width (text features after FeaturizeText: 10^5
/// slots, a few hundred non-zeros per row).
/// </summary>
internal sealed class SparseDataset(SparseRowStore rows, float[] labels, float[] weights, int featureCount)
    : InMemoryDataset(labels, weights, featureCount)
{
    public SparseRowStore Rows { get; } = rows;

    public long NonZeros => Rows.NonZeros;

    public override bool IsSparse => true;

    /// <summary>Scales the values in place (a sparse standardization only scales: centering would fill every slot).</summary>
    public override void Standardize(FeatureStandardization standardization)
    {
        for (int page = 0; page < Rows.PageCount; page++)
        {
            standardization.ApplySparse(Rows.PageIndices(page), Rows.PageValues(page));
        }
    }

    /// <summary>The same rows, every slot held: for wide data too dense to gain from reading it sparse.</summary>
    public DenseDataset ToDense()
    {
        var features = new float[checked(RowCount * FeatureCount)];
        for (int r = 0; r < RowCount; r++)
        {
            var indices = Rows.RowIndices(r);
            var values = Rows.RowValues(r);
            var row = features.AsSpan(r * FeatureCount, FeatureCount);
            for (int k = 0; k < indices.Length; k++)
            {
                row[indices[k]] = values[k];
            }
        }
        return new DenseDataset(features, Labels, Weights, FeatureCount);
    }

    protected override IBatchCursor Cursor(int[] order, Action<int[]> returnOrder) => new RowCursor(this, order, returnOrder);

    /// <summary>A pass over rows of <paramref name="data"/> in <paramref name="order"/>; the order array goes back to its owner when closed.</summary>
    private sealed class RowCursor(SparseDataset data, int[] order, Action<int[]> returnOrder) : ISparseBatchCursor
    {
        private int _next;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public int FillSparse(SparseRows rows, Span<float> labels, Span<float> weights, int maxRows)
        {
            rows.Clear();
            int count = Math.Min(maxRows, order.Length - _next);
            for (int i = 0; i < count; i++)
            {
                int row = order[_next + i];
                rows.Add(data.Rows.RowIndices(row), data.Rows.RowValues(row));
                labels[i] = data.Labels[row];
                weights[i] = data.Weights[row];
            }
            _next += count;
            return count;
        }

        public int Fill(Span<float> features, Span<float> labels, Span<float> weights, int maxRows)
        {
            int width = data.FeatureCount;
            int count = Math.Min(maxRows, order.Length - _next);
            features[..(count * width)].Clear();
            for (int i = 0; i < count; i++)
            {
                int row = order[_next + i];
                var indices = data.Rows.RowIndices(row);
                var values = data.Rows.RowValues(row);
                var destination = features.Slice(i * width, width);
                for (int k = 0; k < indices.Length; k++)
                {
                    destination[indices[k]] = values[k];
                }
                labels[i] = data.Labels[row];
                weights[i] = data.Weights[row];
            }
            _next += count;
            return count;
        }

        public void Dispose() => returnOrder(order);
    }
}
