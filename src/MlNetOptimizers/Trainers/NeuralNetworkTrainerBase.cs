using Microsoft.ML;
using Microsoft.ML.Trainers;
using MlNetOptimizers.Data;
using MlNetOptimizers.Scoring;
using MlNetOptimizers.Tasks;
using MlNetOptimizers.Trainers;

namespace MlNetOptimizers;

/// <summary>
/// What the gradient trainers of every task share: options, Fit with an optional validation set, and the output
/// schema of the equivalent built-in trainer. What differs between tasks, the task object holds.
/// </summary>
public abstract class NeuralNetworkTrainerBase : ITrainerEstimator<NeuralNetworkPredictionTransformer, NeuralNetworkModel>
{
    private readonly GradientTrainerOptions _options;
    private readonly MlNetTask _task;

    private protected NeuralNetworkTrainerBase(GradientTrainerOptions options, MlNetTask task)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _options.Validate();
        _task = task.ForOptions(_options);
        Context = new MLContext(_options.Seed);
    }

    /// <summary>A copy of the options this trainer was created with (changing it does not change the trainer).</summary>
    public GradientTrainerOptions Options => _options.Clone();

    /// <summary>Binary, multiclass or regression.</summary>
    public ModelKind Kind => _task.Kind;

    private MLContext Context { get; }

    /// <summary>Capabilities, those of ML.NET's SDCA trainer of the same task (normalised inputs help; no calibration).</summary>
    public TrainerInfo Info => _task.Info(Context, _options.LabelColumnName, _options.FeatureColumnName, _options.ExampleWeightColumnName);

    /// <summary>Trains on <paramref name="input"/> (holding out <see cref="GradientTrainerOptions.ValidationFraction"/> if set).</summary>
    public NeuralNetworkPredictionTransformer Fit(IDataView input) => Fit(input, validationData: null);

    /// <summary>Trains on <paramref name="trainData"/> and reports validation loss and accuracy on <paramref name="validationData"/> each epoch.</summary>
    public NeuralNetworkPredictionTransformer Fit(IDataView trainData, IDataView? validationData) => Train(trainData, validationData, null);

    /// <summary>
    /// Continues training from <paramref name="initialModel"/>'s parameters (warm start, like ML.NET's
    /// <c>Fit(data, modelParameters)</c> of its online trainers), e.g. on new data or after <c>NeuralNetworkModel.FromTransformer</c>
    /// on a loaded model. The network must be of the architecture the options and data make; the optimizer starts afresh.
    /// </summary>
    /// <exception cref="ArgumentException">The initial model's kind, feature count, class count or layers do not match, naming both.</exception>
    public NeuralNetworkPredictionTransformer Fit(IDataView trainData, NeuralNetworkModel initialModel, IDataView? validationData = null)
    {
        ArgumentNullException.ThrowIfNull(initialModel);
        return Train(trainData, validationData, initialModel);
    }

    private NeuralNetworkPredictionTransformer Train(IDataView trainData, IDataView? validationData, NeuralNetworkModel? initialModel)
    {
        var result = NetworkTrainer.Train(Context, trainData, validationData, _options, _task, initialModel);
        var (model, columns) = (result.Model, result.Columns);
        // The chain that Save writes needs only the schema; it is built on the first Save, not on every Fit.
        var schema = trainData.Schema;
        var persistable = new Lazy<ITransformer>(() => _task.ScoringChain(Context, model, columns, new EmptyDataView(schema)));
        var outputs = new ScoringOutputs(model, columns.Features.Name, columns.Label);
        return new NeuralNetworkPredictionTransformer(model, result.History, persistable, outputs, columns.Features.Type, columns.Label.Name);
    }

    /// <summary>
    /// Checks the feature and label columns with the same messages as Fit, then returns the output shape of ML.NET's SDCA
    /// trainer of the same task (Score, Probability and PredictedLabel as a built-in trainer has them).
    /// </summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        FeatureColumnRule.Check(inputSchema, _options.FeatureColumnName);
        if (!inputSchema.TryFind(_options.LabelColumnName, out var label))
        {
            throw new ArgumentException($"The label column '{_options.LabelColumnName}' is not in the data.");
        }
        _task.CheckLabel(label);
        return _task.OutputSchema(Context, _options.LabelColumnName, _options.FeatureColumnName, _options.ExampleWeightColumnName, inputSchema);
    }
}
