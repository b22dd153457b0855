using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Data;
using MlNetOptimizers.Scoring;

namespace MlNetOptimizers;

/// <summary>
/// A fitted logistic, softmax or neural-network model as an ML.NET transformer. Binary models add Score (logit),
/// Probability and PredictedLabel (Boolean); multiclass models add Score (Vector&lt;Single, K&gt; of class probabilities)
/// and PredictedLabel (a key carrying the label's values).
/// </summary>
/// <remarks>
/// Transform and PredictionEngine score through this library's own allocation-free row scorer. Saving writes an
/// equivalent chain of public ML.NET transforms (the parameters inside a <c>MapValue</c> lookup, the scoring code found
/// again by <c>CustomMapping</c> contract names); loading such a file gives back that chain (not this type) with
/// identical predictions, as long as this library is referenced.
/// </remarks>
public sealed class NeuralNetworkPredictionTransformer : ISingleFeaturePredictionTransformer<NeuralNetworkModel>, ICanSaveModel
{
    private readonly Lazy<ITransformer> _persistable;
    private readonly ScoringOutputs _outputs;

    internal NeuralNetworkPredictionTransformer(NeuralNetworkModel model, TrainingHistory history, Lazy<ITransformer> persistable,
        ScoringOutputs outputs, DataViewType featureColumnType, string labelColumnName)
    {
        Model = model;
        History = history;
        _persistable = persistable;
        _outputs = outputs;
        FeatureColumnName = outputs.FeatureColumn;
        FeatureColumnType = featureColumnType;
        LabelColumnName = labelColumnName;
    }

    /// <summary>The trained network: architecture and parameters.</summary>
    public NeuralNetworkModel Model { get; }

    /// <inheritdoc />
    public string FeatureColumnName { get; }

    /// <inheritdoc />
    public DataViewType FeatureColumnType { get; }

    /// <summary>The label column the model was trained on.</summary>
    public string LabelColumnName { get; }

    /// <summary>The learning curve of the training run.</summary>
    public TrainingHistory History { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        CheckFeatures(inputSchema);
        return ScoredRow.OutputSchema(inputSchema, _outputs);
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckFeatures(input.Schema);
        return new ScoredDataView(input, _outputs);
    }

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        CheckFeatures(inputSchema);
        return new ScoringRowMapper(inputSchema, _outputs);
    }

    /// <summary>Saves the equivalent chain of public ML.NET transforms; see the remarks of this class.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => ((ICanSaveModel)_persistable.Value).Save(ctx);

    private void CheckFeatures(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        FeatureColumnRule.CheckForScoring(schema, FeatureColumnName, Model.Architecture.InputSize);
    }
}
