using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Scoring;

/// <summary>
/// A row of the input with the model's outputs appended: input columns pass through, output columns are computed
/// lazily, once per row, from the feature column. Behind the row mapper (PredictionEngine), and behind Transform's cursor
/// when no output column is requested (then it only passes the input through).
/// </summary>
internal sealed class ScoredRow
{
    private readonly DataViewRow _input;
    private readonly ScoringOutputs _outputs;
    private readonly ScoringOutputs.RowScorer _scorer;
    private readonly ValueGetter<VBuffer<float>>? _features;
    private readonly int _inputColumns;

    public ScoredRow(DataViewRow input, ScoringOutputs outputs, DataViewSchema schema, bool needsFeatures)
    {
        _input = input;
        _outputs = outputs;
        Schema = schema;
        _inputColumns = input.Schema.Count;
        _scorer = new ScoringOutputs.RowScorer(outputs);
        if (needsFeatures)
        {
            _features = input.GetGetter<VBuffer<float>>(input.Schema[outputs.FeatureColumn]);
        }
    }

    public DataViewSchema Schema { get; }

    public bool IsOutput(DataViewSchema.Column column) => column.Index >= _inputColumns;

    public ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (!IsOutput(column))
        {
            return _input.GetGetter<TValue>(_input.Schema[column.Index]);
        }
        if (_features is null)
        {
            throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was created.");
        }
        var features = _features;
        var scorer = _scorer;
        return ScoringOutputs.Typed<TValue>(_outputs.Getter(column, () =>
        {
            scorer.Ensure(_input.Position, features);
            return scorer.Scores;
        }), column);
    }

    /// <summary>The output schema: the input columns, then the model's columns.</summary>
    public static DataViewSchema OutputSchema(DataViewSchema input, ScoringOutputs outputs)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        builder.AddColumns(outputs.Columns);
        return builder.ToSchema();
    }

    /// <summary>Input columns needed to produce the active columns: all active input ones, plus the features for any output.</summary>
    public static IEnumerable<DataViewSchema.Column> Dependencies(DataViewSchema input, ScoringOutputs outputs,
        IEnumerable<DataViewSchema.Column> active, out bool needsFeatures)
    {
        var needed = new List<DataViewSchema.Column>();
        needsFeatures = false;
        foreach (var column in active)
        {
            if (column.Index < input.Count)
            {
                needed.Add(input[column.Index]);
            }
            else
            {
                needsFeatures = true;
            }
        }
        if (needsFeatures)
        {
            needed.Add(input[outputs.FeatureColumn]);
        }
        return needed.Distinct();
    }
}
