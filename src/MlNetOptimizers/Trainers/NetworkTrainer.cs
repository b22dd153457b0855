using Microsoft.ML;

namespace MlNetOptimizers;

/// <summary>
/// Everything between an IDataView and a trained <see cref="NeuralNetworkModel"/>: column checks, the validation split,
/// loading, initialisation, the optimizer with the options' regularisation in front, and the training loop. The options
/// were validated when the trainer was created.
/// </summary>
internal static class NetworkTrainer
{
    /// <summary>What a training run produced.</summary>
    public sealed record Result(NeuralNetworkModel Model, TrainingColumns Columns, TrainingHistory History);

    public static Result Train(MLContext ml, IDataView trainData, IDataView? validationData, GradientTrainerOptions options, ModelKind kind,
        NeuralNetworkModel? initialModel = null)
    {
        ArgumentNullException.ThrowIfNull(trainData);
        var columns = Columns(trainData.Schema, options, kind);
        if (columns.ClassCount > Persistence.Buckets.MaxClasses)
        {
            throw new ArgumentException(
                $"Label column '{columns.Label.Name}' has {columns.ClassCount} classes; a model of this library can have at most " +
                $"{Persistence.Buckets.MaxClasses} (the largest that its saved form holds).", nameof(trainData));
        }

        if (validationData is null && options.ValidationFraction > 0)
        {
            var split = ml.Data.TrainTestSplit(trainData, options.ValidationFraction, seed: options.Seed);
            (trainData, validationData) = (split.TrainSet, split.TestSet);
        }
        if (options.EarlyStoppingPatience > 0 && validationData is null)
        {
            throw new ArgumentException(
                "EarlyStoppingPatience needs validation data: set ValidationFraction or pass a validation set to Fit.",
                nameof(options));
        }

        var loading = new DataLoadingSettings(options.DataLoading, options.MaxInMemoryBytes, options.StreamingShufflePoolRows);
        var train = TrainingDataLoader.Load(ml, trainData, columns, kind, loading, "training");
        var summary = DataSummary.Of(train, columns.ClassCount, options.StandardizeFeatures, options.CancellationToken);
        CheckClasses(summary, columns, kind);
        var standardization = summary.Standardization;
        IBatchSource? validation = null;
        if (validationData is not null)
        {
            var validationColumns = Columns(validationData.Schema, options, kind);
            if (validationColumns.FeatureCount != columns.FeatureCount || validationColumns.ClassCount != columns.ClassCount)
            {
                throw new ArgumentException(
                    $"The validation data has {validationColumns.FeatureCount} features and {validationColumns.ClassCount} classes; " +
                    $"the training data has {columns.FeatureCount} and {columns.ClassCount}.", nameof(validationData));
            }
            validation = TrainingDataLoader.Load(ml, validationData, validationColumns, kind, loading, "validation");
        }

        var architecture = new NetworkArchitecture(columns.FeatureCount, options.HiddenLayers,
            kind == ModelKind.Binary ? 1 : columns.ClassCount, options.Activation);
        var parameters = initialModel is null ? WeightInitializer.Initialize(architecture, options.Seed) : Continue(initialModel, architecture, kind);
        if (initialModel is not null)
        {
            standardization?.UnfoldFrom(architecture, parameters); // training runs on standardized inputs
        }
        bool linear = architecture.LayerCount == 1;
        float l2 = options.L2Regularization ?? TrainerDefaults.L2(linear, summary.Rows);
        var optimizer = Optimizer(options, linear, l2);
        var settings = Settings(options, summary.Rows, l2) with
        {
            CheckpointPath = options.CheckpointPath,
            CheckpointFingerprint = options.CheckpointPath is null ? "" : Fingerprint(options, architecture, kind, optimizer, l2,
                settings: Settings(options, summary.Rows, l2), train, validation, initialModel),
        };
        var history = new TrainingLoop(architecture, kind, settings, optimizer)
            .Run(parameters, Standardized(train, standardization), validation is null ? null : Standardized(validation, standardization));
        standardization?.FoldInto(architecture, parameters);
        return new Result(new NeuralNetworkModel(architecture, kind, parameters), columns, history);
    }

    /// <summary>
    /// The parameters of <paramref name="initialModel"/> to continue from (warm start), after checking that it is a network
    /// of the architecture these options and this data make.
    /// </summary>
    private static float[] Continue(NeuralNetworkModel initialModel, NetworkArchitecture architecture, ModelKind kind)
    {
        var given = initialModel.Architecture;
        if (initialModel.Kind != kind)
        {
            throw new ArgumentException($"The initial model is a {initialModel.Kind} model; this trainer trains {kind} models.", nameof(initialModel));
        }
        if (given.InputSize != architecture.InputSize)
        {
            throw new ArgumentException(
                $"The initial model takes {given.InputSize} features; the training data has {architecture.InputSize}.", nameof(initialModel));
        }
        if (given.OutputSize != architecture.OutputSize)
        {
            throw new ArgumentException(kind == ModelKind.Binary
                ? $"The initial model has {given.OutputSize} outputs; a binary model has 1."
                : $"The initial model has {given.OutputSize} classes; the training data's label has {architecture.OutputSize}.", nameof(initialModel));
        }
        if (!given.LayerSizes.SequenceEqual(architecture.LayerSizes) || given.Activation != architecture.Activation)
        {
            throw new ArgumentException(
                $"The initial model is a {given}; the trainer's options make a {architecture} (set HiddenLayers and Activation to match).",
                nameof(initialModel));
        }
        return initialModel.Parameters.ToArray();
    }

    /// <summary>
    /// "key=value; …" of everything that decides a run's trajectory, so that a checkpoint is resumed only by the run that wrote
    /// it. The maximum number of epochs is left out: a finished run may be resumed to run longer.
    /// </summary>
    private static string Fingerprint(GradientTrainerOptions options, NetworkArchitecture architecture, ModelKind kind, IOptimizer optimizer,
        float l2, TrainingSettings settings, IBatchSource train, IBatchSource? validation, NeuralNetworkModel? initialModel) =>
        string.Join("; ", new[]
        {
            $"model={kind} {architecture}",
            $"optimizer={optimizer}",
            $"batch={settings.BatchSize}",
            $"threads={settings.Threads}",
            $"seed={options.Seed}",
            $"l2={l2:R}",
            $"clip={options.GradientClipNorm:R}",
            $"schedule={options.LearningRateSchedule?.ToString() ?? "none"}",
            $"plateau={options.ReduceLearningRateOnPlateau?.ToString() ?? "none"}",
            $"convergence={options.ConvergenceTolerance:R}/{options.ConvergencePatience}",
            $"early stopping={options.EarlyStoppingPatience}",
            $"standardize={options.StandardizeFeatures}",
            $"training data={(train is DenseDataset ? "in memory" : "streamed")} {DataSummary.ContentHash(train):x16}",
            $"validation data={(validation is null ? "none" : DataSummary.ContentHash(validation).ToString("x16"))}",
            $"initial model={(initialModel is null ? "none" : ModelFormat.Fnv1a64(ModelFormat.Write(initialModel)).ToString("x16"))}",
        }.Select(part => part.Replace("; ", ", ")));

    /// <summary>The chosen optimizer with the options' L2 penalty (on the weights, not the biases) and clipping in front.</summary>
    private static IOptimizer Optimizer(GradientTrainerOptions options, bool linear, float l2)
    {
        var optimizer = options.Optimizer ?? TrainerDefaults.Optimizer(linear);
        var transforms = new List<IGradientTransform>();
        if (l2 > 0)
        {
            transforms.Add(new AddDecayedWeights(l2, ParameterMask.WeightsOnly));
        }
        if (options.GradientClipNorm > 0)
        {
            transforms.Add(new ClipByGlobalNorm(options.GradientClipNorm));
        }
        return optimizer.WithGradientTransforms([.. transforms]);
    }

    private static IBatchSource Standardized(IBatchSource source, FeatureStandardization? standardization) =>
        standardization is null ? source
        : source is DenseDataset dense ? dense.Standardize(standardization)
        : new StandardizedBatchSource(source, standardization);

    private static TrainingSettings Settings(GradientTrainerOptions options, long rows, float l2)
    {
        var onEpoch = options.OnEpoch;
        var progress = options.Progress;
        return new TrainingSettings
        {
            Epochs = options.Epochs,
            BatchSize = options.BatchSize ?? TrainerDefaults.BatchSize(rows),
            ConvergenceTolerance = options.ConvergenceTolerance,
            ConvergencePatience = options.ConvergencePatience,
            Plateau = options.ReduceLearningRateOnPlateau,
            WeightPenalty = l2,
            Threads = options.NumberOfThreads,
            Seed = options.Seed,
            EpochSchedule = options.LearningRateSchedule,
            EarlyStoppingPatience = options.EarlyStoppingPatience,
            CancellationToken = options.CancellationToken,
            EpochCompleted = onEpoch is null && progress is null ? null : record =>
            {
                onEpoch?.Invoke(record);
                progress?.Report(record);
            },
        };
    }

    private static TrainingColumns Columns(Microsoft.ML.DataViewSchema schema, GradientTrainerOptions options, ModelKind kind) =>
        TrainingColumns.Resolve(schema, options.LabelColumnName, options.FeatureColumnName, options.ExampleWeightColumnName, kind);

    private static void CheckClasses(DataSummary summary, TrainingColumns columns, ModelKind kind)
    {
        if (summary.Rows == 0)
        {
            throw new ArgumentException("The training data has no rows.");
        }
        var present = Enumerable.Range(0, summary.RowsPerClass.Length).Where(c => summary.RowsPerClass[c] > 0).ToArray();
        if (present.Length < 2)
        {
            string only = kind == ModelKind.Binary ? (present.Single() == 1 ? "true" : "false") : $"key {present.Single() + 1}";
            throw new ArgumentException(
                $"Label column '{columns.Label.Name}' has only one class ({only}) in the training data; a classifier needs at least two.");
        }
    }
}
