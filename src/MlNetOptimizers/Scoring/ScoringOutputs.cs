using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers;

/// <summary>
/// The columns a trained model adds (binary: Score, Probability, PredictedLabel; multiclass: Score vector and a
/// key-typed PredictedLabel carrying the label's annotations), and how to compute them for one row.
/// </summary>
internal sealed class ScoringOutputs
{
    private readonly NeuralNetworkModel _model;

    public ScoringOutputs(NeuralNetworkModel model, string featureColumn, DataViewSchema.Column label)
    {
        _model = model;
        FeatureColumn = featureColumn;
        var builder = new DataViewSchema.Builder();
        if (model.Kind == ModelKind.Binary)
        {
            builder.AddColumn("Score", NumberDataViewType.Single);
            builder.AddColumn("Probability", NumberDataViewType.Single);
            builder.AddColumn("PredictedLabel", BooleanDataViewType.Instance);
        }
        else
        {
            builder.AddColumn("Score", new VectorDataViewType(NumberDataViewType.Single, model.ClassCount));
            builder.AddColumn("PredictedLabel", new KeyDataViewType(typeof(uint), model.ClassCount), KeyValuesOnly(label));
        }
        Columns = builder.ToSchema();
    }

    /// <summary>The added columns, as a schema of their own (names, types, annotations).</summary>
    public DataViewSchema Columns { get; }

    public string FeatureColumn { get; }

    public NeuralNetworkModel Model => _model;

    private static DataViewSchema.Annotations KeyValuesOnly(DataViewSchema.Column label)
    {
        var builder = new DataViewSchema.Annotations.Builder();
        builder.Add(label.Annotations, name => name == "KeyValues");
        return builder.ToAnnotations();
    }

    /// <summary>
    /// The getter of output column <paramref name="column"/> (binary: Score is the logit, Probability, PredictedLabel a
    /// Boolean; multiclass: Score the class probabilities, PredictedLabel a 1-based key), reading the current row's
    /// scores from <paramref name="current"/> each time it is called.
    /// </summary>
    public Delegate Getter(DataViewSchema.Column column, Func<RowScores> current) => (_model.Kind, column.Name) switch
    {
        (ModelKind.Binary, "Score") => (ValueGetter<float>)((ref float v) => v = current().Logit),
        (ModelKind.Binary, "Probability") => (ValueGetter<float>)((ref float v) => v = current().Probabilities.Span[0]),
        (ModelKind.Binary, _) => (ValueGetter<bool>)((ref bool v) => v = current().PredictedIndex == 1),
        (_, "Score") => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) =>
        {
            var probabilities = current().Probabilities.Span;
            var editor = VBufferEditor.Create(ref v, probabilities.Length);
            probabilities.CopyTo(editor.Values);
            v = editor.Commit();
        }),
        _ => (ValueGetter<uint>)((ref uint v) => v = (uint)current().PredictedIndex + 1),
    };

    /// <summary><paramref name="getter"/> as the getter type a caller asked for, or a clear error naming the column's type.</summary>
    public static ValueGetter<TValue> Typed<TValue>(Delegate getter, DataViewSchema.Column column) =>
        getter as ValueGetter<TValue> ?? throw new InvalidOperationException(
            $"Column '{column.Name}' has type {column.Type}, not {typeof(TValue).Name}.");

    /// <summary>One row's scores: the first logit (a binary model's Score), the probabilities and the predicted class index.</summary>
    public readonly record struct RowScores(float Logit, ReadOnlyMemory<float> Probabilities, int PredictedIndex);

    /// <summary>Per-row state: a predictor with its buffers and the last row's outputs.</summary>
    public sealed class RowScorer(ScoringOutputs outputs)
    {
        private readonly NetworkPredictor _predictor = outputs._model.CreatePredictor();
        private readonly float[] _logits = new float[outputs._model.Architecture.OutputSize];
        private readonly float[] _probabilities = new float[outputs._model.Architecture.OutputSize];
        private VBuffer<float> _features;
        private float[]? _dense;
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
            _predictedIndex = _predictor.Predict(_features.AsDense(ref _dense), _logits, _probabilities);
            _scoredPosition = position;
        }
    }
}
