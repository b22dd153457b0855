using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Scoring;

/// <summary>The row-to-row mapper behind <c>CreatePredictionEngine</c> for a trained model.</summary>
internal sealed class ScoringRowMapper : IRowToRowMapper
{
    private readonly ScoringOutputs _outputs;

    public ScoringRowMapper(DataViewSchema inputSchema, ScoringOutputs outputs)
    {
        InputSchema = inputSchema;
        _outputs = outputs;
        OutputSchema = ScoredRow.OutputSchema(inputSchema, outputs);
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) =>
        ScoredRow.Dependencies(InputSchema, _outputs, dependingColumns, out _);

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        var active = activeColumns.ToArray();
        ScoredRow.Dependencies(InputSchema, _outputs, active, out bool needsFeatures);
        return new ScoredRowView(input, new ScoredRow(input, _outputs, OutputSchema, needsFeatures), active.Select(c => c.Index).ToHashSet(), ownsInput: false);
    }
}
