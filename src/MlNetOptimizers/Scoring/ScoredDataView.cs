using Microsoft.ML;

namespace MlNetOptimizers.Scoring;

/// <summary>
/// The lazily scored view that <see cref="NeuralNetworkPredictionTransformer.Transform"/> returns: a
/// <see cref="BatchScoringCursor"/> when a model output is requested, else the input's rows passed through.
/// </summary>
internal sealed class ScoredDataView : IDataView
{
    private readonly IDataView _source;
    private readonly ScoringOutputs _outputs;

    public ScoredDataView(IDataView source, ScoringOutputs outputs)
    {
        _source = source;
        _outputs = outputs;
        Schema = ScoredRow.OutputSchema(source.Schema, outputs);
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => _source.CanShuffle;

    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var active = columnsNeeded.ToArray();
        var inputColumns = ScoredRow.Dependencies(_source.Schema, _outputs, active, out bool needsFeatures);
        var input = _source.GetRowCursor(inputColumns, rand);
        var activeIndices = active.Select(c => c.Index).ToHashSet();
        return needsFeatures
            ? new BatchScoringCursor(input, _outputs, Schema, activeIndices)
            : new ScoredRowView(input, new ScoredRow(input, _outputs, Schema, needsFeatures: false), activeIndices, ownsInput: true);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}
