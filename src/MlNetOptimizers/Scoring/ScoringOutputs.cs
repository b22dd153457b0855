using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Data;
using MlNetOptimizers.Tasks;

namespace MlNetOptimizers.Scoring;

/// <summary>
/// The columns a trained model adds (its task's: binary Score, Probability, PredictedLabel; multiclass Score vector and
/// a key-typed PredictedLabel carrying the label's annotations), and how to compute them for one row.
/// </summary>
internal sealed class ScoringOutputs
{
    private readonly NeuralNetworkModel _model;
    private readonly MlNetTask _task;

    /// <summary>The outputs of <paramref name="model"/>; <paramref name="label"/> is the column whose key values a multiclass PredictedLabel carries.</summary>
    public ScoringOutputs(NeuralNetworkModel model, string featureColumn, DataViewSchema.Column? label)
    {
        _model = model;
        _task = MlNetTask.For(model.Kind);
        FeatureColumn = featureColumn;
        var builder = new DataViewSchema.Builder();
        _task.AddOutputColumns(builder, model, label);
        Columns = builder.ToSchema();
    }

    /// <summary>The added columns, as a schema of their own (names, types, annotations).</summary>
    public DataViewSchema Columns { get; }

    public string FeatureColumn { get; }

    public NeuralNetworkModel Model => _model;

    /// <summary>The getter of output column <paramref name="column"/>, reading the current row's scores from <paramref name="current"/> each time it is called.</summary>
    public Delegate Getter(DataViewSchema.Column column, Func<RowScores> current) => _task.OutputGetter(column.Name, current);

    /// <summary><paramref name="getter"/> as the getter type a caller asked for, or a clear error naming the column's type.</summary>
    public static ValueGetter<TValue> Typed<TValue>(Delegate getter, DataViewSchema.Column column) =>
        getter as ValueGetter<TValue> ?? throw new InvalidOperationException(
            $"Column '{column.Name}' has type {column.Type}, not {typeof(TValue).Name}.");

    /// <summary>Per-row state: a predictor with its buffers and the last row's outputs.</summary>
    public sealed class RowScorer(ScoringOutputs outputs)
    {
        private readonly NetworkPredictor _predictor = outputs._model.CreatePredictor();
        private readonly float[] _logits = new float[outputs._model.Architecture.OutputSize];
        private readonly float[] _probabilities = new float[outputs._model.Architecture.OutputSize];
        private VBuffer<float> _features;
        private long _scoredPosition = -1;

        private int _predictedIndex;

        /// <summary>The scores of the last row scored.</summary>
        public RowScores Scores => new(_logits[0], _probabilities, _predictedIndex);

        /// <summary>Scores the row at <paramref name="position"/> unless it already did.</summary>
        public void Ensure(long position, ValueGetter<VBuffer<float>> features)
        {
            if (position == _scoredPosition)
            {
                return;
            }
            features(ref _features);
            int width = outputs._model.Architecture.InputSize;
            if (_features.Length != width)
            {
                throw FeatureColumnRule.WrongRowSize(position, outputs.FeatureColumn, _features.Length, width);
            }
            _predictedIndex = _predictor.Predict(_features.AsFeatures(), _logits, _probabilities);
            _scoredPosition = position;
        }
    }
}
