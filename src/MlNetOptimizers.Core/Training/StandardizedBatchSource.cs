using MlNetOptimizers.Kernels;
using MlNetOptimizers.Tasks;

namespace MlNetOptimizers.Training;

/// <summary>
/// A batch source whose feature rows, and labels when the task scales them, are standardized as they are filled (for
/// sources that are not in memory).
/// </summary>
internal sealed class StandardizedBatchSource(IBatchSource inner, FeatureStandardization? features, LabelScale? labels) : IBatchSource
{
    public int FeatureCount => inner.FeatureCount;

    public bool IsSparse => inner.IsSparse;

    public IBatchCursor Open(Random? shuffle) => inner.IsSparse
        ? new SparseCursor((ISparseBatchCursor)inner.Open(shuffle), features, labels)
        : new Cursor(inner.Open(shuffle), features, labels);

    private sealed class SparseCursor(ISparseBatchCursor inner, FeatureStandardization? features, LabelScale? labels) : ISparseBatchCursor
    {
        public int FillSparse(SparseRows rows, Span<float> labelValues, Span<float> weights, int maxRows)
        {
            int count = inner.FillSparse(rows, labelValues, weights, maxRows);
            features?.ApplySparse(rows.Indices, rows.Values);
            if (labels is not null)
            {
                TargetStandardization.Apply(labels, labelValues[..count]);
            }
            return count;
        }

        /// <summary>Dense rows are standardized as sparse ones: scaled, not centered.</summary>
        public int Fill(Span<float> rows, Span<float> labelValues, Span<float> weights, int maxRows)
        {
            int count = inner.Fill(rows, labelValues, weights, maxRows);
            features?.Apply(rows, count);
            if (labels is not null)
            {
                TargetStandardization.Apply(labels, labelValues[..count]);
            }
            return count;
        }

        public void Dispose() => inner.Dispose();
    }

    private sealed class Cursor(IBatchCursor inner, FeatureStandardization? features, LabelScale? labels) : IBatchCursor
    {
        public int Fill(Span<float> rows, Span<float> labelValues, Span<float> weights, int maxRows)
        {
            int count = inner.Fill(rows, labelValues, weights, maxRows);
            features?.Apply(rows, count);
            if (labels is not null)
            {
                TargetStandardization.Apply(labels, labelValues[..count]);
            }
            return count;
        }

        public void Dispose() => inner.Dispose();
    }
}
