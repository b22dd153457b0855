using Microsoft.ML;
using MlNetOptimizers.Kernels;
using MlNetOptimizers.Training;

namespace MlNetOptimizers.Data;

/// <summary>
/// Re-reads an IDataView every epoch through ML.NET's pool shuffler: memory stays bounded by the shuffle pool and the
/// batch, whatever the size of the data.
/// </summary>
internal sealed class StreamingBatchSource(
    MLContext ml, IDataView data, TrainingColumns columns, ILabelRule label, int shufflePoolRows, bool sparse, CancellationToken cancellation)
    : IBatchSource
{
    private int _poolRows = shufflePoolRows;

    public int FeatureCount => columns.FeatureCount;

    /// <summary>Whether its passes give sparse rows (<see cref="ISparseBatchCursor"/>).</summary>
    public bool IsSparse => sparse;

    /// <summary>Clips the shuffle pool to the rows the data has, once they are counted: a larger pool is the whole data.</summary>
    public void LimitPoolTo(long rows) => _poolRows = (int)Math.Clamp(rows, 1, _poolRows);

    public IBatchCursor Open(Random? shuffle)
    {
        // A new seed every epoch: ShuffleRows with the same seed would replay the same order.
        var view = shuffle is null ? data : ml.Data.ShuffleRows(data, seed: shuffle.Next(), shufflePoolSize: _poolRows);
        return new Cursor(new RowReader(view, columns, label, cancellation), columns.FeatureCount);
    }

    private sealed class Cursor(RowReader reader, int width) : ISparseBatchCursor
    {
        public int FillSparse(SparseRows rows, Span<float> labels, Span<float> weights, int maxRows)
        {
            rows.Clear();
            int count = 0;
            while (count < maxRows && reader.ReadSparse(rows, out labels[count], out weights[count]))
            {
                count++;
            }
            return count;
        }

        public int Fill(Span<float> features, Span<float> labels, Span<float> weights, int maxRows)
        {
            int rows = 0;
            while (rows < maxRows && reader.Read(features.Slice(rows * width, width), out labels[rows], out weights[rows]))
            {
                rows++;
            }
            return rows;
        }

        public void Dispose() => reader.Dispose();
    }
}
