using System.Diagnostics;
using System.Numerics.Tensors;
using MlNetOptimizers.Kernels;
using MlNetOptimizers.Tasks;

namespace MlNetOptimizers.Training;

/// <summary>
/// Mini-batch gradient descent: per epoch, shuffle, then for each batch compute the gradient and let the optimizer step
/// (<see cref="DataParallelStep"/>); then validate, record, and let the <see cref="StoppingRules"/> decide. Regularisation
/// and clipping are stages of the optimizer it is given, not steps of this loop.
/// </summary>
internal sealed class TrainingLoop
{
    private readonly NetworkArchitecture _architecture;
    private readonly ModelTask _task;
    private readonly TrainingSettings _settings;
    private readonly IOptimizer _optimizer;
    private readonly DataParallelStep _step;

    public TrainingLoop(NetworkArchitecture architecture, ModelTask task, TrainingSettings settings, IOptimizer optimizer)
    {
        _architecture = architecture;
        _task = task;
        _settings = settings;
        _optimizer = optimizer;
        _step = new DataParallelStep(architecture, task, optimizer, settings.BatchSize, settings.Shards, settings.Threads, settings.SparseInput,
            settings.LazySparseSteps);
    }

    /// <summary>
    /// Trains <paramref name="parameters"/> in place and returns the learning curve. With a checkpoint path, a checkpoint of
    /// this run found there is resumed (a finished one returns at once), and one is written after every epoch.
    /// </summary>
    public TrainingHistory Run(float[] parameters, IBatchSource train, IBatchSource? validation)
    {
        // The loop trains a copy on a 64-byte boundary, so that the kernels' vector loads of W never straddle cache lines.
        var aligned = AlignedBuffer.CopyOf(parameters);
        try
        {
            return Run(aligned, train, validation);
        }
        finally
        {
            aligned.Span.CopyTo(parameters);
        }
    }

    /// <summary>Trains <paramref name="parameters"/>, already on a 64-byte boundary, in place (no copy of them is made); as <see cref="Run(float[], IBatchSource, IBatchSource?)"/>.</summary>
    public TrainingHistory Run(AlignedBuffer parameters, IBatchSource train, IBatchSource? validation)
    {
        using var workers = _step.StartWorkers();
        var state = _optimizer.CreateState(_architecture.Layout);
        var epochs = new List<EpochRecord>();
        var rules = new StoppingRules(_settings, _optimizer.BaseLearningRate, _task.ChanceLoss(_architecture.OutputSize));
        TrainingHistory History(StopReason stop) =>
            new(epochs, rules.BestEpoch, stop) { TrainedInMemory = train is InMemoryDataset, L2Regularization = _settings.WeightPenalty };

        int first = 1;
        if (_settings.CheckpointPath is { } path && File.Exists(path))
        {
            var checkpoint = Resume(path, parameters, state, rules);
            epochs.AddRange(checkpoint.Records);
            // A finished run is returned as it ended, unless it only ran out of epochs and may now run more.
            if (checkpoint.Finished is { } finished && !(finished is StopReason.MaxEpochs or StopReason.ChosenTrialEpochs && checkpoint.Epoch < _settings.Epochs))
            {
                return History(finished);
            }
            first = checkpoint.Epoch + 1;
        }

        for (int epoch = first; epoch <= _settings.Epochs; epoch++)
        {
            if (_settings.MayTrainEpoch is { } mayTrain && !mayTrain(epoch))
            {
                rules.RestoreBest(parameters.Span);
                return History(OutOfEpochs);
            }
            if (_settings.ThreadsNow is { } threads)
            {
                _step.Threads = threads();
            }
            var record = Epoch(epoch, parameters, train, validation, state, rules, () => History(StopReason.Cancelled));
            epochs.Add(record);
            _settings.EpochCompleted?.Invoke(record);

            double monitored = record.ValidationLoss ?? record.TrainLoss + Penalty(parameters.Span);
            var stop = rules.Observe(epoch, monitored, record.ValidationLoss, parameters.Span);
            bool last = stop is not null || epoch == _settings.Epochs;
            if (last)
            {
                rules.RestoreBest(parameters.Span);
            }
            if (_settings.CheckpointPath is { } checkpointPath)
            {
                rules.Checkpoint(epoch, last ? stop ?? OutOfEpochs : null, parameters, state, epochs).Write(checkpointPath);
            }
            if (stop is { } reason)
            {
                return History(reason);
            }
        }
        return History(OutOfEpochs);
    }

    /// <summary>Why a run that ran all its epochs ended: the option's maximum, or the chosen trial's epochs.</summary>
    private StopReason OutOfEpochs => _settings.EpochsFromChosenTrial ? StopReason.ChosenTrialEpochs : StopReason.MaxEpochs;

    /// <summary>One epoch: its learning-rate factor, its training pass, the divergence check, validation; its record.</summary>
    private EpochRecord Epoch(int epoch, AlignedBuffer parameters, IBatchSource train, IBatchSource? validation, IOptimizerState state,
        StoppingRules rules, Func<TrainingHistory> cancelled)
    {
        var clock = Stopwatch.StartNew();
        float factor = rules.LearningRateFactor(epoch);
        state.LearningRateFactor = factor;
        double trainLoss;
        try
        {
            trainLoss = TrainEpoch(parameters, train, new Random(EpochSeed(_settings.Seed, epoch)), state, epoch);
        }
        catch (OperationCanceledException e) when (e is not TrainingCanceledException)
        {
            throw new TrainingCanceledException(cancelled(), e);
        }
        if (rules.Diverged(epoch, trainLoss) is { } diverged)
        {
            throw new TrainingDivergedException(epoch, diverged, Advice);
        }
        var validated = validation is null ? null : Evaluate(parameters.Span, validation);
        return new EpochRecord(epoch, trainLoss, validated?.Loss, validated?.Accuracy, factor, clock.Elapsed.TotalSeconds)
        {
            ValidationRmse = validated?.Rmse,
            ValidationRSquared = validated?.RSquared,
        };
    }

    /// <summary>The seed of epoch <paramref name="epoch"/>'s shuffle: a mix of the run's seed and the epoch (SplitMix64), so that a resumed run shuffles as an uninterrupted one.</summary>
    internal static int EpochSeed(int seed, int epoch)
    {
        ulong z = ((ulong)(uint)seed << 32 | (uint)epoch) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & int.MaxValue);
    }

    /// <summary>Restores a checkpoint of this run into the loop's state, refusing one of another run.</summary>
    private TrainingCheckpoint Resume(string path, AlignedBuffer parameters, IOptimizerState state, StoppingRules rules)
    {
        var checkpoint = TrainingCheckpoint.Read(path);
        if (checkpoint.Fingerprint != _settings.CheckpointFingerprint)
        {
            throw new InvalidOperationException(
                $"The checkpoint '{path}' belongs to another run: {FingerprintDifference(checkpoint.Fingerprint, _settings.CheckpointFingerprint)}. " +
                "Delete it to start again, or set CheckpointPath to another file.");
        }
        if (checkpoint.Parameters.Length != parameters.Length)
        {
            throw new InvalidDataException($"The checkpoint '{path}' has {checkpoint.Parameters.Length} parameters; this network has {parameters.Length}.");
        }
        checkpoint.Parameters.CopyTo(parameters.Span);
        state.ImportState(checkpoint.Optimizer);
        rules.Resume(checkpoint);
        return checkpoint;
    }

    /// <summary>The first "key=value" parts in which two fingerprints differ.</summary>
    private static string FingerprintDifference(string saved, string current)
    {
        var a = saved.Split("; ");
        var b = current.Split("; ");
        var differing = a.Zip(b).Where(p => p.First != p.Second).Select(p => $"it has {p.First}, this run {p.Second}").ToList();
        return differing.Count > 0 ? string.Join("; ", differing.Take(3)) : "its configuration differs";
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private double TrainEpoch(AlignedBuffer parameters, IBatchSource train, Random shuffle, IOptimizerState state, int epoch)
    {
        double lossSum = 0, weightSum = 0;
        int batchNumber = 0;
        using var cursor = train.Open(shuffle);
        var split = _step.Split = _step.Parallel ? cursor as ISplitBatchCursor : null;
        var (labels, weights) = (_step.Labels, _step.Weights);
        int rows;
        while ((rows = Next(cursor, split, _settings.BatchSize)) > 0)
        {
            _settings.CancellationToken.ThrowIfCancellationRequested();
            batchNumber++;
            double batchWeight = TensorPrimitives.Sum(weights.AsSpan(0, rows));
            if (batchWeight <= 0)
            {
                continue; // every example of this batch has weight 0: nothing to learn from it
            }
            double batchLoss = _step.ComputeGradient(parameters, rows, batchWeight);
            if (!double.IsFinite(batchLoss))
            {
                throw new TrainingDivergedException(epoch, batchNumber, batchLoss / batchWeight, Advice);
            }
            lossSum += batchLoss;
            weightSum += batchWeight;

            if (!_step.Step(parameters, state))
            {
                throw new TrainingDivergedException(epoch, batchNumber, double.NaN, Advice);
            }
        }
        _step.Split = null;
        if (weightSum == 0)
        {
            throw new InvalidOperationException("The training data has no rows with a positive example weight.");
        }
        return lossSum / weightSum;
    }

    /// <summary>What a divergence tells the user to change: the trainer's advice for this run, else advice for any run.</summary>
    private string Advice => _settings.DivergenceAdvice ?? TrainingDivergedException.GenericAdvice(_optimizer);

    /// <summary>The next batch of a pass: sparse rows, rows the workers gather themselves, or dense rows; its row count.</summary>
    private int Next(IBatchCursor cursor, ISplitBatchCursor? split, int maxRows) => _step.SparseBatch is { } sparse
        ? ((ISparseBatchCursor)cursor).FillSparse(sparse, _step.Labels, _step.Weights, maxRows)
        : split?.Take(_step.Labels, _step.Weights, maxRows) ?? cursor.Fill(_step.Features, _step.Labels, _step.Weights, maxRows);

    /// <summary>½·λ·‖W‖² over the weights (not the biases).</summary>
    private double Penalty(ReadOnlySpan<float> parameters)
    {
        if (_settings.WeightPenalty == 0)
        {
            return 0;
        }
        double sum = 0;
        for (int l = 0; l < _architecture.LayerCount; l++)
        {
            var w = parameters.Slice(_architecture.WeightOffset(l),
                _architecture.LayerSizes[l] * _architecture.LayerSizes[l + 1] * _architecture.WeightCopies(l));
            sum += TensorPrimitives.SumOfSquares(w);
        }
        return 0.5 * _settings.WeightPenalty * sum;
    }

    /// <summary>The task's mean weighted loss and metrics on <paramref name="data"/>, in order.</summary>
    public ValidationResult Evaluate(ReadOnlySpan<float> parameters, IBatchSource data)
    {
        var worker = _step.First;
        int k = _architecture.OutputSize;
        var accumulator = _task.CreateValidation(k);
        using var cursor = data.Open(shuffle: null);
        int rows;
        while ((rows = Next(cursor, split: null, worker.Capacity)) > 0)
        {
            if (_step.SparseBatch is { } sparse)
            {
                worker.Forward(parameters, sparse, 0, rows);
            }
            else
            {
                if (_step.Parallel)
                {
                    _step.Features[..(rows * _architecture.InputSize)].CopyTo(worker.Input);
                }
                worker.Forward(parameters, rows);
            }
            var outputs = worker.Logits;
            for (int r = 0; r < rows; r++)
            {
                accumulator.Add(outputs.Slice(r * k, k), _step.Labels[r], _step.Weights[r]);
            }
        }
        if (accumulator.Weight == 0)
        {
            throw new InvalidOperationException("The validation data has no rows with a positive example weight: there is no validation loss to monitor.");
        }
        return accumulator.Result();
    }
}
