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

    /// <summary>Per-row state: a predictor with its buffers and the last row's outputs.</summary>
    public sealed class RowScorer(ScoringOutputs outputs)
    {
        private readonly NetworkPredictor _predictor = outputs._model.CreatePredictor();
        private readonly float[] _logits = new float[outputs._model.Architecture.OutputSize];
        private readonly float[] _probabilities = new float[outputs._model.Architecture.OutputSize];
        private VBuffer<float> _features;
        private float[]? _dense;
        private long _scoredPosition = -1;

        /// <summary>The first logit: a binary model's Score.</summary>
        public float Logit => _logits[0];

        public int PredictedIndex { get; private set; }

        public ReadOnlySpan<float> Probabilities => _probabilities;

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
                throw new InvalidOperationException(
                    $"Row {position}: feature column '{outputs.FeatureColumn}' has {_features.Length} values; the model expects {width}.");
            }
            PredictedIndex = _predictor.Predict(_features.AsDense(ref _dense), _logits, _probabilities);
            _scoredPosition = position;
        }
    }
}
