using System.Diagnostics;
using System.Numerics.Tensors;

namespace MlNetOptimizers;

/// <summary>
/// Mini-batch gradient descent: per epoch, shuffle, then for each batch compute the gradient (split over workers) and
/// let the optimizer step; then validate, record, and decide on early stopping. Regularisation and clipping are stages of
/// the optimizer it is given, not steps of this loop.
/// </summary>
internal sealed class TrainingLoop
{
    private readonly NetworkArchitecture _architecture;
    private readonly ModelKind _kind;
    private readonly TrainingSettings _settings;
    private readonly IOptimizer _optimizer;
    private readonly BatchWorkspace[] _workers;
    private readonly float[] _batchFeatures;
    private readonly float[] _batchLabels;
    private readonly float[] _batchWeights;
    private readonly float[] _gradient;
    private readonly double[] _workerLosses;
    private SpinningWorkers? _pool;
    private (float[] Parameters, int Rows, double BatchWeight) _current;
    private ISplitBatchCursor? _split; // set when each worker gathers its own feature rows
    private readonly float[] _logitScratch;

    public TrainingLoop(NetworkArchitecture architecture, ModelKind kind, TrainingSettings settings, IOptimizer optimizer)
    {
        _architecture = architecture;
        _kind = kind;
        _settings = settings;
        _optimizer = optimizer;
        int batch = settings.BatchSize;
        int threads = Math.Clamp(settings.Threads, 1, batch);
        int rowsPerWorker = (batch + threads - 1) / threads;
        _workers = Enumerable.Range(0, threads).Select(_ => new BatchWorkspace(architecture, rowsPerWorker)).ToArray();
        // With one worker the batch is read straight into that worker's input buffer.
        _batchFeatures = threads == 1 ? _workers[0].InputBuffer : new float[batch * architecture.InputSize];
        _batchLabels = new float[batch];
        _batchWeights = new float[batch];
        _gradient = new float[architecture.ParameterCount];
        _workerLosses = new double[threads];
        _logitScratch = new float[architecture.OutputSize];
    }

    /// <summary>Trains <paramref name="parameters"/> in place and returns the learning curve.</summary>
    public TrainingHistory Run(float[] parameters, IBatchSource train, IBatchSource? validation)
    {
        using var pool = _workers.Length > 1 ? new SpinningWorkers(_workers.Length, Work) : null;
        _pool = pool;
        var state = _optimizer.CreateState(_architecture.Layout);
        var shuffle = new Random(_settings.Seed);
        var epochs = new List<EpochRecord>();
        var plateau = _settings.Plateau?.Create(_optimizer.BaseLearningRate);
        var convergence = new ConvergenceRule(_settings.ConvergenceTolerance, _settings.ConvergencePatience);
        float[]? best = null;
        double bestLoss = double.PositiveInfinity;
        int? bestEpoch = null;
        int epochsWithoutImprovement = 0;
        var reason = StopReason.MaxEpochs;

        for (int epoch = 1; epoch <= _settings.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            float factor = (_settings.EpochSchedule?.Factor(epoch - 1) ?? 1f) * (plateau?.Factor ?? 1f);
            state.LearningRateFactor = factor;
            double trainLoss;
            try
            {
                trainLoss = TrainEpoch(parameters, train, shuffle, state, epoch);
            }
            catch (OperationCanceledException cancelled) when (cancelled is not TrainingCanceledException)
            {
                throw new TrainingCanceledException(new TrainingHistory(epochs, bestEpoch, StopReason.Cancelled), cancelled);
            }

            double? validationLoss = null, validationAccuracy = null;
            if (validation is not null)
            {
                (validationLoss, validationAccuracy) = Evaluate(parameters, validation);
            }
            var record = new EpochRecord(epoch, trainLoss, validationLoss, validationAccuracy, factor, clock.Elapsed.TotalSeconds);
            epochs.Add(record);
            _settings.EpochCompleted?.Invoke(record);

            double monitored = validationLoss ?? trainLoss + Penalty(parameters);
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
                        parameters.CopyTo(best, 0);
                    }
                }
                else if (_settings.EarlyStoppingPatience > 0 && ++epochsWithoutImprovement >= _settings.EarlyStoppingPatience)
                {
                    reason = StopReason.EarlyStopping;
                    break;
                }
            }
            if (convergence.Converged(monitored))
            {
                reason = StopReason.Converged;
                break;
            }
        }

        if (best is not null)
        {
            best.CopyTo(parameters, 0);
        }
        return new TrainingHistory(epochs, bestEpoch, reason);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private double TrainEpoch(float[] parameters, IBatchSource train, Random shuffle, IOptimizerState state, int epoch)
    {
        double lossSum = 0, weightSum = 0;
        int batchNumber = 0;
        using var cursor = train.Open(shuffle);
        _split = _workers.Length > 1 ? cursor as ISplitBatchCursor : null;
        int rows;
        while ((rows = _split?.Take(_batchLabels, _batchWeights, _settings.BatchSize)
                   ?? cursor.Fill(_batchFeatures, _batchLabels, _batchWeights, _settings.BatchSize)) > 0)
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

            _optimizer.Step(parameters, _gradient, state);
            if (!float.IsFinite(TensorPrimitives.Sum(parameters)))
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

    /// <summary>Fills <see cref="_gradient"/> with the weighted mean gradient of the batch and returns Σ w·loss.</summary>
    private double ComputeGradient(float[] parameters, int rows, double batchWeight)
    {
        _current = (parameters, rows, batchWeight);
        if (_pool is null)
        {
            Work(0);
        }
        else
        {
            _pool.Run();
        }

        // Sum in worker order, so that the result does not depend on which thread finished first.
        _workers[0].Gradient.CopyTo(_gradient, 0);
        double loss = _workerLosses[0];
        for (int w = 1; w < _workers.Length; w++)
        {
            TensorPrimitives.Add(_gradient, _workers[w].Gradient, _gradient);
            loss += _workerLosses[w];
        }
        return loss;
    }

    /// <summary>Worker <paramref name="w"/>'s contiguous share of the current batch.</summary>
    private void Work(int w)
    {
        var (parameters, rows, batchWeight) = _current;
        int width = _architecture.InputSize;
        int chunk = (rows + _workers.Length - 1) / _workers.Length;
        int start = w * chunk, count = Math.Min(chunk, rows - start);
        var worker = _workers[w];
        if (count <= 0)
        {
            Array.Clear(worker.Gradient);
            _workerLosses[w] = 0;
            return;
        }
        if (_split is not null)
        {
            _split.CopyFeatures(start, count, worker.Input);
        }
        else if (_workers.Length > 1)
        {
            _batchFeatures.AsSpan(start * width, count * width).CopyTo(worker.Input);
        }
        _workerLosses[w] = worker.ComputeGradient(parameters, count, _kind,
            _batchLabels.AsSpan(start, count), _batchWeights.AsSpan(start, count), batchWeight);
    }

    /// <summary>½·λ·‖W‖² over the weights (not the biases).</summary>
    private double Penalty(float[] parameters)
    {
        if (_settings.WeightPenalty == 0)
        {
            return 0;
        }
        double sum = 0;
        for (int l = 0; l < _architecture.LayerCount; l++)
        {
            var w = parameters.AsSpan(_architecture.WeightOffset(l), _architecture.LayerSizes[l] * _architecture.LayerSizes[l + 1]);
            sum += TensorPrimitives.SumOfSquares(w);
        }
        return 0.5 * _settings.WeightPenalty * sum;
    }

    /// <summary>Mean weighted loss and weighted accuracy on <paramref name="data"/>, in order.</summary>
    public (double Loss, double Accuracy) Evaluate(float[] parameters, IBatchSource data)
    {
        var worker = _workers[0];
        int k = _architecture.OutputSize;
        double lossSum = 0, correct = 0, weightSum = 0;
        using var cursor = data.Open(shuffle: null);
        int rows;
        while ((rows = cursor.Fill(_batchFeatures, _batchLabels, _batchWeights, worker.Capacity)) > 0)
        {
            if (_workers.Length > 1)
            {
                _batchFeatures.AsSpan(0, rows * _architecture.InputSize).CopyTo(worker.Input);
            }
            worker.Forward(parameters, rows);
            var logits = worker.Logits;
            for (int r = 0; r < rows; r++)
            {
                float w = _batchWeights[r];
                int label = (int)_batchLabels[r];
                float loss;
                int predicted;
                if (_kind == ModelKind.Binary)
                {
                    loss = Losses.Logistic(logits[r], label, out _);
                    predicted = logits[r] > 0 ? 1 : 0;
                }
                else
                {
                    var z = logits.Slice(r * k, k);
                    loss = Losses.CrossEntropy(z, label, _logitScratch);
                    predicted = TensorPrimitives.IndexOfMax(z);
                }
                lossSum += w * loss;
                correct += predicted == label ? w : 0;
                weightSum += w;
            }
        }
        return weightSum > 0 ? (lossSum / weightSum, correct / weightSum) : (double.NaN, double.NaN);
    }
}
