using System.Diagnostics;
using System.Numerics.Tensors;
using MlNetOptimizers.Kernels;
using MlNetOptimizers.Network;
using MlNetOptimizers.Optimization;
using MlNetOptimizers.Tasks;

namespace MlNetOptimizers.Training;

/// <summary>
/// Mini-batch gradient descent: per epoch, shuffle, then for each batch compute the gradient (split over workers) and
/// let the optimizer step; then validate, record, and decide on early stopping. Regularisation and clipping are stages of
/// the optimizer it is given, not steps of this loop.
/// </summary>
internal sealed class TrainingLoop
{
    private readonly NetworkArchitecture _architecture;
    private readonly ModelTask _task;
    private readonly TrainingSettings _settings;
    private readonly IOptimizer _optimizer;
    private readonly BatchWorkspace[] _workers;
    private readonly AlignedBuffer _batchFeatures;
    private readonly float[] _batchLabels;
    private readonly float[] _batchWeights;
    private readonly AlignedBuffer _gradient;
    private readonly double[] _workerLosses;
    private SpinningWorkers? _pool;
    private (AlignedBuffer Parameters, int Rows, double BatchWeight) _current;
    private ISplitBatchCursor? _split; // set when each worker gathers its own feature rows

    // With several workers and an optimizer whose step splits into ranges, each worker sums and steps its own range.
    private readonly IPartitionableOptimizer? _partitioned;
    private readonly (int Start, int Length)[] _ranges;
    private readonly bool[] _rangeFinite;
    private IOptimizerState? _state;
    private bool _stepping; // what the workers run: false, their share of the batch's gradient; true, their range of the step

    public TrainingLoop(NetworkArchitecture architecture, ModelTask task, TrainingSettings settings, IOptimizer optimizer)
    {
        _architecture = architecture;
        _task = task;
        _settings = settings;
        _optimizer = optimizer;
        int batch = settings.BatchSize;
        int threads = Math.Clamp(settings.Threads, 1, batch);
        int rowsPerWorker = (batch + threads - 1) / threads;
        _workers = Enumerable.Range(0, threads).Select(_ => new BatchWorkspace(architecture, rowsPerWorker)).ToArray();
        // With one worker the batch is read straight into that worker's input buffer.
        _batchFeatures = threads == 1 ? _workers[0].InputBuffer : new AlignedBuffer(batch * architecture.InputSize);
        _batchLabels = new float[batch];
        _batchWeights = new float[batch];
        _gradient = new AlignedBuffer(architecture.ParameterCount);
        _workerLosses = new double[threads];
        _partitioned = threads > 1 && optimizer is IPartitionableOptimizer { CanPartition: true } p ? p : null;
        _ranges = ParameterRanges(architecture.ParameterCount, threads);
        _rangeFinite = new bool[threads];
    }

    /// <summary>
    /// The parameters split into one contiguous range per worker, each starting on a 64-byte boundary (16 floats), so that
    /// no cache line is written by two cores and every range's vector loop starts where the whole vector's would.
    /// </summary>
    internal static (int Start, int Length)[] ParameterRanges(int parameterCount, int workers)
    {
        const int Line = 16;
        int chunk = (parameterCount + workers * Line - 1) / (workers * Line) * Line;
        return Enumerable.Range(0, workers).Select(w =>
        {
            int start = Math.Min(w * chunk, parameterCount);
            return (start, Math.Min(chunk, parameterCount - start));
        }).ToArray();
    }

    /// <summary>
    /// Trains <paramref name="parameters"/> in place and returns the learning curve. With a checkpoint path, a checkpoint of
    /// this run found there is resumed (a finished one returns at once), and one is written after every epoch.
    /// </summary>
    public TrainingHistory Run(float[] parameters, IBatchSource train, IBatchSource? validation)
    {
        // The loop trains a copy on a 64-byte boundary, so that the kernels' vector loads of W never straddle cache lines.
        var aligned = new AlignedBuffer(parameters.Length);
        parameters.CopyTo(aligned.Span);
        try
        {
            return Run(aligned, train, validation);
        }
        finally
        {
            aligned.Span.CopyTo(parameters);
        }
    }

    private TrainingHistory Run(AlignedBuffer parameters, IBatchSource train, IBatchSource? validation)
    {
        using var pool = _workers.Length > 1 ? new SpinningWorkers(_workers.Length, Work) : null;
        _pool = pool;
        var state = _optimizer.CreateState(_architecture.Layout);
        var epochs = new List<EpochRecord>();
        var plateau = _settings.Plateau?.Create(_optimizer.BaseLearningRate);
        var convergence = new ConvergenceRule(_settings.ConvergenceTolerance, _settings.ConvergencePatience);
        var divergence = new DivergenceRule(_task.ChanceLoss(_architecture.OutputSize));
        float[]? best = null;
        double bestLoss = double.PositiveInfinity;
        int? bestEpoch = null;
        int epochsWithoutImprovement = 0;
        var reason = StopReason.MaxEpochs;
        int first = 1;

        if (_settings.CheckpointPath is { } path && File.Exists(path))
        {
            var checkpoint = Resume(path, parameters, state, plateau, convergence);
            epochs.AddRange(checkpoint.Records);
            divergence.Resume(checkpoint.Records);
            (best, bestLoss, bestEpoch, epochsWithoutImprovement) =
                (checkpoint.BestParameters, checkpoint.BestLoss, checkpoint.BestEpoch, checkpoint.EpochsWithoutImprovement);
            // A finished run is returned as it ended, unless it only ran out of epochs and may now run more.
            if (checkpoint.Finished is { } finished && !(finished == StopReason.MaxEpochs && checkpoint.Epoch < _settings.Epochs))
            {
                return History(finished);
            }
            first = checkpoint.Epoch + 1;
        }

        bool stopped = false;
        for (int epoch = first; epoch <= _settings.Epochs && !stopped; epoch++)
        {
            var clock = Stopwatch.StartNew();
            float factor = (_settings.EpochSchedule?.Factor(epoch - 1) ?? 1f) * (plateau?.Factor ?? 1f);
            state.LearningRateFactor = factor;
            double trainLoss;
            try
            {
                trainLoss = TrainEpoch(parameters, train, new Random(EpochSeed(_settings.Seed, epoch)), state, epoch);
            }
            catch (OperationCanceledException cancelled) when (cancelled is not TrainingCanceledException)
            {
                throw new TrainingCanceledException(History(StopReason.Cancelled), cancelled);
            }
            if (divergence.Check(epoch, trainLoss, _settings.Epochs) is { } diverged)
            {
                throw new TrainingDivergedException(epoch, diverged, _optimizer);
            }

            var validated = validation is null ? null : Evaluate(parameters.Span, validation);
            double? validationLoss = validated?.Loss;
            var record = new EpochRecord(epoch, trainLoss, validationLoss, validated?.Accuracy, factor, clock.Elapsed.TotalSeconds);
            epochs.Add(record);
            _settings.EpochCompleted?.Invoke(record);

            double monitored = validationLoss ?? trainLoss + Penalty(parameters.Span);
            float before = plateau?.Factor ?? 1f;
            if (plateau is not null && plateau.Observe(monitored) < before)
            {
                convergence.Reset(); // a lower learning rate gets a patience of its own
            }
            if (validationLoss is { } loss)
            {
                if (loss < bestLoss)
                {
                    bestLoss = loss;
                    bestEpoch = epoch;
                    epochsWithoutImprovement = 0;
                    if (_settings.EarlyStoppingPatience > 0)
                    {
                        best ??= new float[parameters.Length];
                        parameters.Span.CopyTo(best);
                    }
                }
                else if (_settings.EarlyStoppingPatience > 0 && ++epochsWithoutImprovement >= _settings.EarlyStoppingPatience)
                {
                    reason = StopReason.EarlyStopping;
                    stopped = true;
                }
            }
            if (!stopped && convergence.Converged(monitored))
            {
                reason = StopReason.Converged;
                stopped = true;
            }
            bool last = stopped || epoch == _settings.Epochs;
            if (last && best is not null)
            {
                best.CopyTo(parameters.Span);
            }
            if (_settings.CheckpointPath is { } checkpointPath)
            {
                new TrainingCheckpoint
                {
                    Fingerprint = _settings.CheckpointFingerprint,
                    Finished = last ? reason : null,
                    Epoch = epoch,
                    Parameters = parameters.Span.ToArray(),
                    Optimizer = state.ExportState(),
                    Plateau = plateau?.Snapshot,
                    Convergence = convergence.Snapshot,
                    BestLoss = bestLoss,
                    BestEpoch = bestEpoch,
                    EpochsWithoutImprovement = epochsWithoutImprovement,
                    BestParameters = best,
                    Records = epochs,
                }.Write(checkpointPath);
            }
        }
        return History(reason);

        TrainingHistory History(StopReason stop) => new(epochs, bestEpoch, stop) { TrainedInMemory = train is DenseDataset, L2Regularization = _settings.WeightPenalty };
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
    private TrainingCheckpoint Resume(string path, AlignedBuffer parameters, IOptimizerState state,
        ReduceLearningRateOnPlateau.Tracker? plateau, ConvergenceRule convergence)
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
        if (plateau is not null && checkpoint.Plateau is { } saved)
        {
            plateau.Snapshot = saved;
        }
        convergence.Snapshot = checkpoint.Convergence;
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
        _split = _workers.Length > 1 ? cursor as ISplitBatchCursor : null;
        int rows;
        while ((rows = _split?.Take(_batchLabels, _batchWeights, _settings.BatchSize)
                   ?? cursor.Fill(_batchFeatures.Span, _batchLabels, _batchWeights, _settings.BatchSize)) > 0)
        {
            _settings.CancellationToken.ThrowIfCancellationRequested();
            batchNumber++;
            double batchWeight = TensorPrimitives.Sum(_batchWeights.AsSpan(0, rows));
            if (batchWeight <= 0)
            {
                continue; // every example of this batch has weight 0: nothing to learn from it
            }
            double batchLoss = ComputeGradient(parameters, rows, batchWeight);
            if (!double.IsFinite(batchLoss))
            {
                throw new TrainingDivergedException(epoch, batchNumber, batchLoss / batchWeight, _optimizer);
            }
            lossSum += batchLoss;
            weightSum += batchWeight;

            if (!Step(parameters, state))
            {
                throw new TrainingDivergedException(epoch, batchNumber, double.NaN, _optimizer);
            }
        }
        _split = null;
        if (weightSum == 0)
        {
            throw new InvalidOperationException("The training data has no rows with a positive example weight.");
        }
        return lossSum / weightSum;
    }

    /// <summary>
    /// Computes each worker's share of the batch's gradient and returns Σ w·loss. Unless the step is partitioned (then
    /// each worker sums its range in <see cref="StepShare"/>), also fills <see cref="_gradient"/> with their sum.
    /// </summary>
    private double ComputeGradient(AlignedBuffer parameters, int rows, double batchWeight)
    {
        _current = (parameters, rows, batchWeight);
        _stepping = false;
        if (_pool is null)
        {
            Work(0);
        }
        else
        {
            _pool.Run();
        }

        double loss = _workerLosses[0];
        for (int w = 1; w < _workers.Length; w++)
        {
            loss += _workerLosses[w];
        }
        if (_partitioned is null)
        {
            SumGradients(0, _gradient.Length);
        }
        return loss;
    }

    /// <summary>
    /// The workers' gradients summed into <see cref="_gradient"/> over one range, in worker order, so that the result does
    /// not depend on which thread finished first, nor on how the range was split.
    /// </summary>
    private void SumGradients(int start, int length)
    {
        var sum = _gradient.Span.Slice(start, length);
        _workers[0].Gradient.Slice(start, length).CopyTo(sum);
        for (int w = 1; w < _workers.Length; w++)
        {
            TensorPrimitives.Add(sum, _workers[w].Gradient.Slice(start, length), sum);
        }
    }

    /// <summary>The optimizer's step on the summed gradient; false when a parameter is no longer finite.</summary>
    private bool Step(AlignedBuffer parameters, IOptimizerState state)
    {
        if (_partitioned is null)
        {
            _optimizer.Step(parameters.Span, _gradient.Span, state);
            return float.IsFinite(TensorPrimitives.Sum(parameters.Span));
        }
        _partitioned.BeginStep(state);
        _state = state;
        _stepping = true;
        _pool!.Run();
        return Array.TrueForAll(_rangeFinite, finite => finite);
    }

    /// <summary>Worker <paramref name="w"/>'s range of a partitioned step: sum the workers' gradients there, step, check.</summary>
    private void StepShare(int w)
    {
        var (start, length) = _ranges[w];
        var parameters = _current.Parameters.Span;
        if (length > 0)
        {
            SumGradients(start, length);
            _partitioned!.StepRange(parameters, _gradient.Span, _state!, start, length);
        }
        _rangeFinite[w] = float.IsFinite(TensorPrimitives.Sum(parameters.Slice(start, length)));
    }

    /// <summary>What worker <paramref name="w"/> does in the current phase: its share of the gradient, or its range of the step.</summary>
    private void Work(int w)
    {
        if (_stepping)
        {
            StepShare(w);
        }
        else
        {
            GradientShare(w);
        }
    }

    /// <summary>Worker <paramref name="w"/>'s contiguous share of the current batch.</summary>
    private void GradientShare(int w)
    {
        var (parameters, rows, batchWeight) = _current;
        int width = _architecture.InputSize;
        int chunk = (rows + _workers.Length - 1) / _workers.Length;
        int start = w * chunk, count = Math.Min(chunk, rows - start);
        var worker = _workers[w];
        if (count <= 0)
        {
            worker.Gradient.Clear();
            _workerLosses[w] = 0;
            return;
        }
        if (_split is not null)
        {
            _split.CopyFeatures(start, count, worker.Input);
        }
        else if (_workers.Length > 1)
        {
            _batchFeatures.Span.Slice(start * width, count * width).CopyTo(worker.Input);
        }
        _workerLosses[w] = worker.ComputeGradient(parameters.Span, count, _task,
            _batchLabels.AsSpan(start, count), _batchWeights.AsSpan(start, count), batchWeight);
    }

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
            var w = parameters.Slice(_architecture.WeightOffset(l), _architecture.LayerSizes[l] * _architecture.LayerSizes[l + 1]);
            sum += TensorPrimitives.SumOfSquares(w);
        }
        return 0.5 * _settings.WeightPenalty * sum;
    }

    /// <summary>The task's mean weighted loss and metrics on <paramref name="data"/>, in order.</summary>
    public ValidationResult Evaluate(ReadOnlySpan<float> parameters, IBatchSource data)
    {
        var worker = _workers[0];
        int k = _architecture.OutputSize;
        var accumulator = _task.CreateValidation(k);
        using var cursor = data.Open(shuffle: null);
        int rows;
        while ((rows = cursor.Fill(_batchFeatures.Span, _batchLabels, _batchWeights, worker.Capacity)) > 0)
        {
            if (_workers.Length > 1)
            {
                _batchFeatures.Span.Slice(0, rows * _architecture.InputSize).CopyTo(worker.Input);
            }
            worker.Forward(parameters, rows);
            var outputs = worker.Logits;
            for (int r = 0; r < rows; r++)
            {
                accumulator.Add(outputs.Slice(r * k, k), _batchLabels[r], _batchWeights[r]);
            }
        }
        if (accumulator.Weight == 0)
        {
            throw new InvalidOperationException("The validation data has no rows with a positive example weight: there is no validation loss to monitor.");
        }
        return accumulator.Result();
    }
}
