using Microsoft.ML;
using MlNetOptimizers.Data;
using MlNetOptimizers.Network;
using MlNetOptimizers.Optimization;
using MlNetOptimizers.Serialization;
using MlNetOptimizers.Tasks;
using MlNetOptimizers.Training;

namespace MlNetOptimizers.Trainers;

/// <summary>
/// Everything between an IDataView and a trained <see cref="NeuralNetworkModel"/>: column checks, the validation split,
/// loading, initialisation, the optimizer with the options' regularisation in front, and the training loop. The options
/// were validated when the trainer was created.
/// </summary>
internal static class NetworkTrainer
{
    /// <summary>What a training run produced.</summary>
    public sealed record Result(NeuralNetworkModel Model, TrainingColumns Columns, TrainingHistory History);

    public static Result Train(MLContext ml, IDataView trainData, IDataView? validationData, GradientTrainerOptions options, MlNetTask task,
        NeuralNetworkModel? initialModel = null)
    {
        ArgumentNullException.ThrowIfNull(trainData);
        var columns = Columns(trainData.Schema, options, task);
        if (columns.ClassCount > Persistence.ClassGroupsRow.MaxClasses)
        {
            throw new ArgumentException(
                $"Label column '{columns.Label.Name}' has {columns.ClassCount} classes; a model of this library can have at most " +
                $"{Persistence.ClassGroupsRow.MaxClasses} (the largest that its saved form holds).", nameof(trainData));
        }

        string noTrainingRows = "The training data has no rows.", noValidationRows = "The validation data has no rows.";
        if (validationData is null && options.ValidationFraction > 0)
        {
            var split = ml.Data.TrainTestSplit(trainData, options.ValidationFraction, seed: options.Seed);
            (trainData, validationData) = (split.TrainSet, split.TestSet);
            noTrainingRows = $"ValidationFraction = {options.ValidationFraction} left no training rows: the split is random, and it took every row " +
                "for validation. Lower ValidationFraction, or pass a validation set to Fit.";
            noValidationRows = $"ValidationFraction = {options.ValidationFraction} left no validation rows: the split is random, and it took no row " +
                "for validation. Raise ValidationFraction, or pass a validation set to Fit.";
        }
        if (options.EarlyStoppingPatience > 0 && validationData is null)
        {
            throw new ArgumentException(
                "EarlyStoppingPatience needs validation data: set ValidationFraction or pass a validation set to Fit.",
                nameof(options));
        }

        var cancellation = AmbientCancellation.Combine(options.CancellationToken, out var linked);
        using var linkedDisposal = linked;
        var loading = new DataLoadingSettings(options.DataLoading, options.MaxInMemoryBytes, options.StreamingShufflePoolRows);
        var train = TrainingDataLoader.Load(ml, trainData, columns, task, loading, "training", cancellation, noTrainingRows);
        var summary = DataSummary.Of(train, task.Core, columns.ClassCount, options.StandardizeFeatures, cancellation);
        if (summary.Rows == 0)
        {
            throw new ArgumentException(noTrainingRows);
        }
        task.CheckTrainingLabels(summary.Labels, columns.Label.Name);
        CheckFeatureScales(summary, columns);
        if (train is StreamingBatchSource streamed)
        {
            streamed.LimitPoolTo(summary.Rows);
            CheckShufflePool(options, columns, summary.Rows);
        }
        var standardization = summary.Standardization;
        IBatchSource? validation = null;
        if (validationData is not null)
        {
            var validationColumns = Columns(validationData.Schema, options, task);
            if (validationColumns.FeatureCount != columns.FeatureCount || validationColumns.ClassCount != columns.ClassCount)
            {
                throw new ArgumentException(
                    $"The validation data has {validationColumns.FeatureCount} features and {validationColumns.ClassCount} classes; " +
                    $"the training data has {columns.FeatureCount} and {columns.ClassCount}.", nameof(validationData));
            }
            validation = TrainingDataLoader.Load(ml, validationData, validationColumns, task, loading, "validation", cancellation, noValidationRows);
        }

        int outputs = task.Core.Outputs(columns.ClassCount);
        var footprint = CheckFootprint([columns.FeatureCount, .. options.HiddenLayers, outputs], BatchSize(options, summary.Rows), options.NumberOfThreads);
        var architecture = new NetworkArchitecture(columns.FeatureCount, options.HiddenLayers, outputs, options.Activation);
        var parameters = initialModel is null ? WeightInitializer.Initialize(architecture, options.Seed) : Continue(initialModel, architecture, task);
        if (initialModel is not null)
        {
            standardization?.UnfoldFrom(architecture, parameters); // training runs on standardized inputs
        }
        bool linear = architecture.LayerCount == 1;
        var trainRows = Standardized(train, standardization);
        var validationRows = validation is null ? null : Standardized(validation, standardization);
        var trialCallbacks = new object(); // trials that run at once report their epochs one at a time
        TrainingLoop LoopFor(float l2, bool candidate)
        {
            var settings = Settings(options, summary.Rows, l2, candidate ? (l2, trialCallbacks) : null) with { CancellationToken = cancellation };
            var optimizer = Optimizer(options, linear, l2);
            return new TrainingLoop(architecture, task.Core, candidate || options.CheckpointPath is null ? settings : settings with
            {
                CheckpointPath = options.CheckpointPath,
                CheckpointFingerprint = Fingerprint(options, architecture, task.Kind, optimizer, l2, settings, train, validation, initialModel, cancellation),
            }, optimizer);
        }

        var (l2, candidates, holdout) = L2(options, linear, summary.Rows, task.Core, columns.ClassCount, trainRows, validationRows);
        int parallelism = candidates is null ? 1 : TrialParallelism(candidates.Count, options.NumberOfThreads, footprint.Bytes);
        IReadOnlyList<L2Candidate>? path = null;
        TrainingHistory? history = null;
        if (candidates is not null && validationRows is not null)
        {
            // The candidates train as the model would, watching the validation data: the best run is the model.
            (var best, history, var tried) = L2Selection.OnValidation(candidates, l2 => LoopFor(l2, candidate: true), parameters, trainRows, validationRows, parallelism);
            (l2, path) = (history.L2Regularization, tried);
            if (options.CheckpointPath is null)
            {
                parameters = best;
            }
            else
            {
                history = null; // trained again, the same way, writing its checkpoints
            }
        }
        else if (candidates is not null)
        {
            (l2, var tried) = L2Selection.OnHoldout(candidates, l2 => LoopFor(l2, candidate: true), parameters, holdout!.Value.Fit, holdout.Value.Rows, parallelism);
            path = tried;
        }
        history ??= LoopFor(l2, candidate: false).Run(parameters, trainRows, validationRows);
        history.L2Selection = path;
        standardization?.FoldInto(architecture, parameters);
        return new Result(new NeuralNetworkModel(architecture, task.Kind, parameters), columns, history);
    }

    /// <summary>
    /// λ of the L2 penalty, or the candidates to choose it from: the option when set; else the options' candidates or, for
    /// networks, the default ones, when they can be judged — on validation data, or on rows held out of in-memory training
    /// data (the split is returned) — else the default λ, or for candidates the user gave, an error.
    /// </summary>
    private static (float L2, IReadOnlyList<float>? Candidates, (IBatchSource Fit, IBatchSource Rows)? Holdout) L2(
        GradientTrainerOptions options, bool linear, long rows, ModelTask task, int classes, IBatchSource train, IBatchSource? validation)
    {
        float fixedL2 = options.L2Regularization ?? (linear ? TrainerDefaults.LinearL2(rows) : TrainerDefaults.NetworkL2);
        var candidates = options.L2Regularization is null ? options.L2Candidates ?? (linear ? null : [.. TrainerDefaults.NetworkL2Candidates]) : null;
        if (candidates is null || candidates.Length == 1)
        {
            return (candidates?[0] ?? fixedL2, null, null);
        }
        if (validation is not null)
        {
            return (0, candidates, null);
        }
        string? cannot = null;
        if (train is DenseDataset dense)
        {
            var (fit, holdout, heldOut) = dense.StratifiedSplit(L2Selection.HoldoutFraction, options.Seed, task, classes);
            if (heldOut > 0)
            {
                return (0, candidates, (fit, holdout));
            }
            cannot = "too few training rows: a fifth of each class's rows (rounded down) holds no row of positive weight";
        }
        cannot ??= "the training data is streamed, so none can be held out";
        if (options.L2Candidates is not null)
        {
            throw new ArgumentException(
                $"L2Candidates needs rows to judge the candidates on: {cannot}. " +
                "Pass validation data (or set ValidationFraction), load the data in memory, or set L2Regularization.",
                nameof(GradientTrainerOptions.L2Candidates));
        }
        return (fixedL2, null, null); // the default candidates cannot be judged: the default λ
    }

    /// <summary>
    /// How many trial runs choose λ at once: as many as the cores available here hold at NumberOfThreads each (inside an
    /// ensemble, the member's share), and as half the memory available holds buffers of a run.
    /// </summary>
    private static int TrialParallelism(int candidates, int threads, long runBytes)
    {
        int byCores = Math.Max(1, AmbientCores.Available / threads);
        long byMemory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2 / Math.Max(runBytes, 1);
        return (int)Math.Clamp(Math.Min(byCores, byMemory), 1, candidates);
    }

    /// <summary>
    /// The parameters of <paramref name="initialModel"/> to continue from (warm start), after checking that it is a network
    /// of the architecture these options and this data make.
    /// </summary>
    private static float[] Continue(NeuralNetworkModel initialModel, NetworkArchitecture architecture, MlNetTask task)
    {
        var given = initialModel.Architecture;
        if (initialModel.Kind != task.Kind)
        {
            throw new ArgumentException($"The initial model is a {initialModel.Kind} model; this trainer trains {task.Kind} models.", nameof(initialModel));
        }
        if (given.InputSize != architecture.InputSize)
        {
            throw new ArgumentException(
                $"The initial model takes {given.InputSize} features; the training data has {architecture.InputSize}.", nameof(initialModel));
        }
        if (given.OutputSize != architecture.OutputSize)
        {
            throw new ArgumentException(task.OutputMismatch(given.OutputSize, architecture.OutputSize), nameof(initialModel));
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
        float l2, TrainingSettings settings, IBatchSource train, IBatchSource? validation, NeuralNetworkModel? initialModel,
        CancellationToken cancellation) =>
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
            $"training data={(train is DenseDataset ? "in memory" : $"streamed through a pool of {options.StreamingShufflePoolRows} rows")} {DataSummary.ContentHash(train, cancellation):x16}",
            $"validation data={(validation is null ? "none" : DataSummary.ContentHash(validation, cancellation).ToString("x16"))}",
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

    /// <summary>
    /// The loop's settings; the epochs of a candidate's trial run (<paramref name="trial"/>) are reported marked with its λ,
    /// one at a time under the trials' lock.
    /// </summary>
    private static TrainingSettings Settings(GradientTrainerOptions options, long rows, float l2, (float L2, object Lock)? trial = null)
    {
        var onEpoch = options.OnEpoch;
        var progress = options.Progress;
        return new TrainingSettings
        {
            Epochs = options.Epochs,
            BatchSize = BatchSize(options, rows),
            ConvergenceTolerance = options.ConvergenceTolerance,
            ConvergencePatience = options.ConvergencePatience,
            Plateau = options.ReduceLearningRateOnPlateau,
            WeightPenalty = l2,
            Threads = options.NumberOfThreads,
            Seed = options.Seed,
            EpochSchedule = options.LearningRateSchedule,
            EarlyStoppingPatience = options.EarlyStoppingPatience,
            EpochCompleted = onEpoch is null && progress is null ? null : record =>
            {
                void Report(EpochRecord r)
                {
                    onEpoch?.Invoke(r);
                    progress?.Report(r);
                }
                if (trial is not { } t)
                {
                    Report(record);
                    return;
                }
                lock (t.Lock)
                {
                    Report(record with { SelectingL2 = t.L2 });
                }
            },
        };
    }

    /// <summary>The batch size: the option or the default, never more than the rows (a larger batch is the full batch, as in scikit-learn).</summary>
    private static int BatchSize(GradientTrainerOptions options, long rows) =>
        (int)Math.Min(options.BatchSize ?? TrainerDefaults.BatchSize(rows), Math.Max(rows, 1));

    private static void CheckShufflePool(GradientTrainerOptions options, TrainingColumns columns, long rows)
    {
        long pool = Math.Min(options.StreamingShufflePoolRows, rows);
        long bytes = TrainingDataLoader.InMemoryBytes(pool, columns.FeatureCount);
        if (bytes > options.MaxInMemoryBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(GradientTrainerOptions.StreamingShufflePoolRows), options.StreamingShufflePoolRows,
                $"StreamingShufflePoolRows {options.StreamingShufflePoolRows:N0} holds {pool:N0} rows of {columns.FeatureCount:N0} features in memory, " +
                $"about {bytes / 1048576.0:N0} MB: more than MaxInMemoryBytes ({options.MaxInMemoryBytes / 1048576.0:N0} MB). Use a smaller pool.");
        }
    }

    /// <summary>Refuses, before allocating, a network or batch whose buffers cannot exist: naming the option and the size; returns what a run allocates.</summary>
    private static TrainingFootprint CheckFootprint(int[] layerSizes, int batch, int threads)
    {
        var footprint = TrainingFootprint.Of(layerSizes, batch, threads);
        string network = string.Join("-", layerSizes);
        if (footprint.Parameters > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(GradientTrainerOptions.HiddenLayers),
                $"HiddenLayers make a network of {network} with {footprint.Parameters:N0} parameters; at most {Array.MaxLength:N0} fit in one array.");
        }
        if (footprint.LargestArray > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(GradientTrainerOptions.BatchSize), batch,
                $"BatchSize {batch:N0} on a network of {network} needs {footprint.LargestArray:N0} values in one buffer; at most {Array.MaxLength:N0} fit in one array.");
        }
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (footprint.Bytes > available)
        {
            throw new ArgumentException(
                $"Training a network of {network} ({footprint.Parameters:N0} parameters) with BatchSize {batch:N0} on {threads} thread(s) needs " +
                $"about {footprint.Bytes / 1e9:N1} GB of buffers; this process has {available / 1e9:N1} GB. Use smaller HiddenLayers, BatchSize or NumberOfThreads.",
                nameof(GradientTrainerOptions.HiddenLayers));
        }
        return footprint;
    }

    private static TrainingColumns Columns(Microsoft.ML.DataViewSchema schema, GradientTrainerOptions options, MlNetTask task) =>
        TrainingColumns.Resolve(schema, options.LabelColumnName, options.FeatureColumnName, options.ExampleWeightColumnName, task);

    /// <summary>
    /// The square of a feature value must be a normal single-precision number, or gradient statistics (Adam's, RMSProp's,
    /// AdaGrad's) overflow to ∞ or vanish, and training fails silently. Standardized features always pass; checked only
    /// when StandardizeFeatures is off.
    /// </summary>
    private static void CheckFeatureScales(DataSummary summary, TrainingColumns columns)
    {
        if (summary.MaxMagnitudes is not { } largest)
        {
            return;
        }
        for (int slot = 0; slot < largest.Length; slot++)
        {
            float m = largest[slot];
            if (m > TrainerDefaults.LargestUnstandardizedFeature || (m > 0 && m < TrainerDefaults.SmallestUnstandardizedFeature))
            {
                throw new ArgumentException(
                    $"Feature column '{columns.Features.Name}' reaches {m:G3} in slot {slot}: with StandardizeFeatures = false, values must lie " +
                    $"within {TrainerDefaults.SmallestUnstandardizedFeature:G0} ≤ |x| ≤ {TrainerDefaults.LargestUnstandardizedFeature:G0} (or be 0), " +
                    "because their squares overflow or vanish in single precision and training would fail silently. " +
                    "Keep StandardizeFeatures = true, or rescale the column.");
            }
        }
    }
}
