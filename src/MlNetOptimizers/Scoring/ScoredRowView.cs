using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Scoring;

/// <summary>
/// The input's row with a model's outputs (a <see cref="ScoredRow"/>) behind ML.NET's row types: the row that
/// PredictionEngine's row mapper returns, and the cursor a scored view returns when no output is requested. As a cursor
/// it moves (and, owning it, disposes) its input cursor; a row over an input that is not a cursor cannot move.
/// </summary>
internal sealed class ScoredRowView(DataViewRow input, ScoredRow row, HashSet<int> active, bool ownsInput) : DataViewRowCursor
{
    public override DataViewSchema Schema => row.Schema;

    public override long Position => input.Position;

    public override long Batch => input.Batch;

    public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => row.GetGetter<TValue>(column);

    public override bool MoveNext() => input is DataViewRowCursor cursor
        ? cursor.MoveNext()
        : throw new InvalidOperationException("A scored row of a PredictionEngine does not move; its engine feeds it one row at a time.");

    protected override void Dispose(bool disposing)
    {
        if (disposing && ownsInput)
        {
            input.Dispose();
        }
        base.Dispose(disposing);
    }
}
