using MlNetOptimizers.Kernels;
using MlNetOptimizers.Optimization;
using MlNetOptimizers.Serialization;
using MlNetOptimizers.Tasks;
using MlNetOptimizers.Training;

namespace MlNetOptimizers.Trainers;

/// <summary>
/// How every training loop of one Fit is configured — the model's own run and the trial runs that choose λ — from the
/// options, the data and the architecture: the loop's settings, the optimizer with the options' penalty and clipping in
/// front, and the fingerprint that ties a checkpoint to its run.
/// </summary>
internal sealed class LoopFactory(GradientTrainerOptions options, ModelTask task, NetworkArchitecture architecture, TrainingInputs inputs,
    NeuralNetworkModel? initialModel, CancellationToken cancellation)
{
    private readonly object _trialCallbacks = new(); // trials that run at once report their epochs one at a time

    /// <summary>
    /// The parts of a fingerprint that read all the data (or serialize the initial model), computed once per Fit: the
    /// record of a choice of λ and the model's checkpoint both name them.
    /// </summary>
    private readonly Lazy<string[]> _dataParts = new(() =>
    [
        $"training data={(inputs.Train is InMemoryDataset ? (inputs.Train.IsSparse ? "in memory, sparse" : "in memory") : $"streamed through a pool of {options.StreamingShufflePoolRows} rows")} {DataSummary.ContentHash(inputs.Train, cancellation):x16}",
        $"validation data={(inputs.Validation is null ? "none" : DataSummary.ContentHash(inputs.Validation, cancellation).ToString("x16"))}",
        $"initial model={(initialModel is null ? "none" : ModelFormat.Fnv1a64(ModelFormat.Write(initialModel)).ToString("x16"))}",
    ]);

    /// <summary>Whether the network is the linear model (no hidden layers).</summary>
    public bool Linear => architecture.LayerCount == 1;

    /// <summary>
    /// The shards of every mini-batch's gradient: <c>NumberOfThreads</c>, or when it is null, as many as the batch's
    /// arithmetic is worth (<see cref="TrainerDefaults.GradientShards"/>). The same for the trials and the model.
    /// </summary>
    public int Shards { get; } = ShardCount(options, architecture.LayerSizes, architecture.Members, inputs.Summary.Rows, inputs.Train.IsSparse);

    /// <summary>
    /// The loop of a trial run with λ = <paramref name="l2"/> on the cores it may use at each epoch (<paramref name="cores"/>:
    /// the trials share the machine), telling <paramref name="observe"/> each epoch: its epochs are reported marked with
    /// λ, and it writes no checkpoint.
    /// </summary>
    public TrainingLoop Trial(float l2, Func<int> cores, Action<EpochRecord> observe)
    {
        var settings = Settings(l2, (l2, _trialCallbacks));
        var report = settings.EpochCompleted;
        return new(architecture, task, settings with
        {
            CancellationToken = cancellation, Threads = 1, ThreadsNow = cores,
            EpochCompleted = record =>
            {
                observe(record);
                report?.Invoke(record);
            },
        }, Optimizer(options, Linear, l2));
    }

    /// <summary>
    /// Runs the model's own loop with λ = <paramref name="l2"/> on <paramref name="parameters"/> while the trial that decides
    /// its epochs still runs: as <see cref="Final"/> with that trial's epochs (<paramref name="mayTrainEpoch"/> says, epoch
    /// by epoch), on the cores <paramref name="cores"/> gives, stopped by <paramref name="stop"/> too, its records held by
    /// <paramref name="reports"/> until it is known to be the model. No checkpoints: a checkpointed run does not speculate.
    /// </summary>
    public TrainingHistory RunSpeculativeFinal(float l2, Func<int, bool> mayTrainEpoch, Func<int> cores, CancellationToken stop,
        DeferredReports reports, AlignedBuffer parameters, IBatchSource train, IBatchSource? validation)
    {
        var settings = Settings(l2);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, stop);
        return new TrainingLoop(architecture, task, settings with
        {
            CancellationToken = linked.Token, Epochs = options.Epochs, EpochsFromChosenTrial = true, MayTrainEpoch = mayTrainEpoch,
            Threads = 1, ThreadsNow = cores, EpochCompleted = reports.Wrap(settings.EpochCompleted),
        }, Optimizer(options, Linear, l2)).Run(parameters, train, validation);
    }

    /// <summary>The loop of the model's own run with λ = <paramref name="l2"/>, writing checkpoints when the options ask for them.</summary>
    public TrainingLoop Final(float l2, int? epochs = null)
    {
        var settings = Settings(l2) with
        {
            CancellationToken = cancellation, Epochs = epochs ?? options.Epochs, EpochsFromChosenTrial = epochs is not null,
            Threads = Math.Min(Shards, AmbientCores.Available),
        };
        var optimizer = Optimizer(options, Linear, l2);
        return new TrainingLoop(architecture, task, options.CheckpointPath is null ? settings : settings with
        {
            CheckpointPath = options.CheckpointPath,
            CheckpointFingerprint = Fingerprint(optimizer, l2, settings),
        }, optimizer);
    }

    /// <summary>
    /// What decides the trials of a choice of λ among <paramref name="candidates"/>: the candidates and everything of the
    /// model's fingerprint but λ, so that a record of finished trials is reused only by the run that wrote it.
    /// </summary>
    public string ChoiceFingerprint(IReadOnlyList<float> candidates)
    {
        var settings = Settings(0);
        return $"l2 candidates={string.Join(", ", candidates.Select(c => c.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}; " +
            Fingerprint(Optimizer(options, Linear, 0), 0, settings);
    }

    /// <summary>The shards of the batch's gradient: the option, or by the batch's arithmetic on dense input (<see cref="Shards"/>).</summary>
    public static int ShardCount(GradientTrainerOptions options, IReadOnlyList<int> layerSizes, int members, long rows, bool sparse)
    {
        if (options.NumberOfThreads is { } threads)
        {
            return threads;
        }
        long multiplyAdds = 0;
        for (int l = 0; l + 1 < layerSizes.Count; l++)
        {
            multiplyAdds += (long)layerSizes[l] * layerSizes[l + 1];
        }
        return TrainerDefaults.GradientShards(BatchSize(options, rows), multiplyAdds * members, sparse);
    }

    /// <summary>The batch size: the option or the default, never more than the rows (a larger batch is the full batch, as in scikit-learn).</summary>
    public static int BatchSize(GradientTrainerOptions options, long rows) =>
        (int)Math.Min(options.BatchSize ?? TrainerDefaults.BatchSize(rows), Math.Max(rows, 1));

    /// <summary>
    /// "key=value; …" of everything that decides a run's trajectory, so that a checkpoint is resumed only by the run that wrote
    /// it. The maximum number of epochs is left out: a finished run may be resumed to run longer.
    /// </summary>
    private string Fingerprint(IOptimizer optimizer, float l2, TrainingSettings settings) =>
        string.Join("; ", new[]
        {
            $"model={task} {architecture}",
            $"optimizer={optimizer}",
            $"batch={settings.BatchSize}",
            $"shards={settings.Shards}",
            $"seed={options.Seed}",
            $"l2={l2:R}",
            $"clip={options.GradientClipNorm:R}",
            $"schedule={options.LearningRateSchedule?.ToString() ?? "none"}",
            $"plateau={options.ReduceLearningRateOnPlateau?.ToString() ?? "none"}",
            $"convergence={options.ConvergenceTolerance:R}/{options.ConvergencePatience}",
            $"early stopping={options.EarlyStoppingPatience}",
            $"standardize={options.StandardizeFeatures}",
        }.Concat(_dataParts.Value).Select(part => part.Replace("; ", ", ")));

    /// <summary>
    /// What a diverged run is told to change, each part a fix for how it was configured: raw features (StandardizeFeatures
    /// off) are standardized, a learning rate of the user's is lowered towards the default's, which trains standardized
    /// features of every set measured; a run at the defaults that still diverges clips its gradients.
    /// </summary>
    private static string DivergenceAdvice(GradientTrainerOptions options, bool linear)
    {
        var defaultOptimizer = TrainerDefaults.Optimizer(linear);
        var steps = new List<string>();
        if (!options.StandardizeFeatures)
        {
            steps.Add("set StandardizeFeatures = true (the default; it trains features of any scale)");
        }
        if (options.Optimizer is { } chosen)
        {
            steps.Add($"lower the learning rate of {chosen} (or leave Optimizer null: the default, {defaultOptimizer}, trains standardized features)");
        }
        if (steps.Count == 0)
        {
            return $"Set GradientClipNorm (e.g. 1), or a lower learning rate than the default {defaultOptimizer}'s.";
        }
        string advice = string.Join(" and ", steps);
        return char.ToUpperInvariant(advice[0]) + advice[1..] + ".";
    }

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

    /// <summary>
    /// The loop's settings, with the <see cref="Shards"/> every loop of the Fit computes its batches in; the epochs of a
    /// candidate's trial run (<paramref name="trial"/>) are reported marked with its λ, one at a time under the trials' lock.
    /// </summary>
    private TrainingSettings Settings(float l2, (float L2, object Lock)? trial = null)
    {
        long rows = inputs.Summary.Rows;
        bool linear = options.HiddenLayers.Length == 0;
        var onEpoch = options.OnEpoch;
        var progress = options.Progress;
        var plateau = options.ReduceLearningRateOnPlateau;
        int convergence = options.ConvergencePatienceIsDefault && plateau is not null
            ? Math.Max(options.ConvergencePatience, 2 * plateau.PatienceFor(rows)) // a reduction, then a stall at the lower rate
            : options.ConvergencePatience;
        return new TrainingSettings
        {
            Epochs = options.Epochs,
            BatchSize = BatchSize(options, rows),
            Shards = Shards,
            ConvergenceTolerance = options.ConvergenceTolerance,
            ConvergencePatience = convergence,
            Plateau = plateau,
            TrainingRows = rows,
            WeightPenalty = l2,
            Seed = options.Seed,
            EpochSchedule = options.LearningRateSchedule,
            EarlyStoppingPatience = options.EarlyStoppingPatience,
            SparseInput = inputs.Train.IsSparse,
            LazySparseSteps = TrainerDefaults.LazySparseSteps(linear),
            DivergenceAdvice = DivergenceAdvice(options, linear),
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
}
