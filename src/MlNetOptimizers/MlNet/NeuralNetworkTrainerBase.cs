using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace MlNetOptimizers;

/// <summary>
/// What the binary and the multiclass gradient trainers share: options, Fit with an optional validation set, and the
/// output schema of the equivalent built-in trainer.
/// </summary>
public abstract class NeuralNetworkTrainerBase : ITrainerEstimator<NeuralNetworkPredictionTransformer, NeuralNetworkModel>
{
    private protected NeuralNetworkTrainerBase(GradientTrainerOptions options, ModelKind kind)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Clone();
        TrainerOptionsValidator.Validate(Options);
        Kind = kind;
        Context = new MLContext(Options.Seed);
    }

    /// <summary>A copy of the options this trainer was created with.</summary>
    public GradientTrainerOptions Options { get; }

    /// <summary>Binary or multiclass.</summary>
    public ModelKind Kind { get; }

    private protected MLContext Context { get; }

    /// <summary>Capabilities, those of ML.NET's SDCA trainer of the same task (normalised inputs help; no calibration).</summary>
    public abstract TrainerInfo Info { get; }

    /// <summary>Trains on <paramref name="input"/> (holding out <see cref="GradientTrainerOptions.ValidationFraction"/> if set).</summary>
    public NeuralNetworkPredictionTransformer Fit(IDataView input) => Fit(input, validationData: null);

    /// <summary>Trains on <paramref name="trainData"/> and reports validation loss and accuracy on <paramref name="validationData"/> each epoch.</summary>
    public NeuralNetworkPredictionTransformer Fit(IDataView trainData, IDataView? validationData)
    {
        var (model, columns) = NetworkTrainer.Train(Context, trainData, validationData, Options, Kind);
        var persistable = BuildPersistableScorer(model, columns, trainData);
        var outputs = new ScoringOutputs(model, columns.Features.Name, columns.Label);
        return new NeuralNetworkPredictionTransformer(model, persistable, outputs, columns.Features.Name, columns.Features.Type, columns.Label.Name);
    }

    /// <summary>
    /// Checks the feature and label columns with the same messages as Fit, then returns the output shape of ML.NET's SDCA
    /// trainer of the same task (Score, Probability and PredictedLabel as a built-in trainer has them).
    /// </summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        CheckFeatureShape(inputSchema);
        if (!inputSchema.TryFind(Options.LabelColumnName, out var label))
        {
            throw new ArgumentException($"The label column '{Options.LabelColumnName}' is not in the data.");
        }
        CheckLabelShape(label);
        return EquivalentOutputSchema(inputSchema);
    }

    /// <summary>Throws when the label column's shape does not suit this task.</summary>
    private protected abstract void CheckLabelShape(SchemaShape.Column label);

    /// <summary>The output shape of the equivalent built-in trainer.</summary>
    private protected abstract SchemaShape EquivalentOutputSchema(SchemaShape inputSchema);

    /// <summary>The chain of public ML.NET transforms that Save writes.</summary>
    private protected abstract ITransformer BuildPersistableScorer(NeuralNetworkModel model, TrainingColumns columns, IDataView trainData);

    /// <summary>Checks the feature column of a schema shape with the same messages as Fit.</summary>
    private protected void CheckFeatureShape(SchemaShape inputSchema)
    {
        if (!inputSchema.TryFind(Options.FeatureColumnName, out var features))
        {
            throw new ArgumentException($"The feature column '{Options.FeatureColumnName}' is not in the data.");
        }
        if (features.Kind != SchemaShape.Column.VectorKind.Vector || features.ItemType != NumberDataViewType.Single)
        {
            throw new ArgumentException(
                $"Feature column '{Options.FeatureColumnName}' must be a known-size vector of Single; it is {features.Kind} of {features.ItemType}.");
        }
    }
}
