using System.Numerics.Tensors;
using MlNetOptimizers.Kernels;
using MlNetOptimizers.Network;
using MlNetOptimizers.Optimization;
using MlNetOptimizers.Tasks;

namespace MlNetOptimizers.Training;

/// <summary>
/// One mini-batch on one or more workers: each computes the gradient of its contiguous share of the batch, then the
/// gradients are summed in worker order (deterministic for a thread count) and the optimizer steps. With several workers
/// and an optimizer whose step splits into ranges (<see cref="IPartitionableOptimizer"/>), each worker sums and steps
/// its own 64-byte-aligned range of the parameters instead, bit-identical to the whole-vector step. With sparse input the
/// batch is a <see cref="SparseRows"/> and each worker's gradient holds only the first-layer rows its rows touch; the step
/// is either the optimizer's rule over the whole vector, as for dense input, or the lazy rule: the workers' gradients
/// merged into the first's over the touched rows and the rest of the network, and stepped there only.
/// </summary>
internal sealed class DataParallelStep
{
    private readonly NetworkArchitecture _architecture;
    private readonly ModelTask _task;
    private readonly IOptimizer _optimizer;
    private readonly BatchWorkspace[] _workers;
    private readonly AlignedBuffer _batchFeatures;
    private readonly AlignedBuffer _gradient;
    private readonly double[] _workerLosses;
    private SpinningWorkers? _pool;
    private (AlignedBuffer Parameters, int Rows, double BatchWeight) _current;

    private readonly IPartitionableOptimizer? _partitioned;
    private readonly (int Start, int Length)[] _ranges;
    private readonly bool[] _rangeFinite;
    private IOptimizerState? _state;
    private bool _stepping; // what the workers run: false, their share of the batch's gradient; true, their range of the step

    private readonly IPartitionableOptimizer? _lazy;

    public DataParallelStep(NetworkArchitecture architecture, ModelTask task, IOptimizer optimizer, int batch, int threads,
        bool sparseInput = false, bool lazySparseSteps = false)
    {
        _architecture = architecture;
        _task = task;
        _optimizer = optimizer;
        threads = Math.Clamp(threads, 1, batch);
        int rowsPerWorker = (batch + threads - 1) / threads;
        var partitionable = optimizer is IPartitionableOptimizer { CanPartition: true } p ? p : null;
        _lazy = sparseInput && lazySparseSteps ? partitionable : null;
        // Only the lazy step reads the slots a gradient touched.
        _workers = Enumerable.Range(0, threads)
            .Select(_ => new BatchWorkspace(architecture, rowsPerWorker, sparseInput, task, trackTouched: _lazy is not null)).ToArray();
        // With one worker the batch is read straight into that worker's input buffer.
        _batchFeatures = sparseInput ? new AlignedBuffer(0)
            : threads == 1 ? _workers[0].InputBuffer : new AlignedBuffer(batch * architecture.InputSize);
        SparseBatch = sparseInput ? new SparseRows(batch, batch * 64) : null;
        Labels = new float[batch];
        Weights = new float[batch];
        // One worker, or the lazy rule: the first worker's gradient is the sum, stepped on where it is.
        _gradient = new AlignedBuffer(_lazy is null && threads > 1 ? architecture.ParameterCount : 0);
        _workerLosses = new double[threads];
        _partitioned = threads > 1 && _lazy is null ? partitionable : null;
        _ranges = ParameterRanges(architecture.ParameterCount, threads);
        _rangeFinite = new bool[threads];
    }

    /// <summary>Starts the helper threads of a run with several workers; disposing the result stops them.</summary>
    public IDisposable StartWorkers()
    {
        _pool = _workers.Length > 1 ? new SpinningWorkers(_workers.Length, Work) : null;
        return new Stop(this);
    }

    private sealed class Stop(DataParallelStep step) : IDisposable
    {
        public void Dispose()
        {
            step._pool?.Dispose();
            step._pool = null;
        }
    }

    /// <summary>The batch's feature rows, row-major, as a cursor fills them.</summary>
    public Span<float> Features => _batchFeatures.Span;

    /// <summary>With sparse input, the batch's rows (a cursor fills them), else null.</summary>
    public SparseRows? SparseBatch { get; }

    /// <summary>The batch's labels.</summary>
    public float[] Labels { get; }

    /// <summary>The batch's example weights.</summary>
    public float[] Weights { get; }

    /// <summary>The first worker: the one that scores validation rows.</summary>
    public BatchWorkspace First => _workers[0];

    /// <summary>Whether several workers share a batch (then validation rows are copied into the first worker's input).</summary>
    public bool Parallel => _workers.Length > 1;

    /// <summary>Set while a cursor lets each worker gather its own feature rows (in-memory data, several workers).</summary>
    public ISplitBatchCursor? Split { get; set; }

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
    /// Computes each worker's share of the batch's gradient and returns Σ w·loss. Unless the step is partitioned (then
    /// each worker sums its range in <see cref="StepShare"/>) and with several workers, also fills <see cref="_gradient"/> with their sum.
    /// </summary>
    public double ComputeGradient(AlignedBuffer parameters, int rows, double batchWeight)
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
        if (_lazy is not null)
        {
            MergeSparseGradients();
        }
        else if (_partitioned is null && _workers.Length > 1)
        {
            SumGradients(0, _gradient.Length);
        }
        return loss;
    }

    /// <summary>The optimizer's step on the summed gradient; false when a parameter is no longer finite.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool Step(AlignedBuffer parameters, IOptimizerState state)
    {
        if (_lazy is not null)
        {
            return LazyStep(parameters.Span, state, _lazy);
        }
        if (_partitioned is null)
        {
            _optimizer.Step(parameters.Span, _workers.Length == 1 ? _workers[0].Gradient : _gradient.Span, state);
            return Subnormals.FlushToZero(parameters.Span);
        }
        _partitioned.BeginStep(state);
        _state = state;
        _stepping = true;
        _pool!.Run();
        return Array.TrueForAll(_rangeFinite, finite => finite);
    }

    /// <summary>
    /// The lazy rule, several workers: the others' gradients added into the first's, in worker order: over the first-layer
    /// rows each touched (the first's <see cref="BatchWorkspace.Touched"/> gaining them, so that its next batch clears them)
    /// and over the rest of the network.
    /// </summary>
    private void MergeSparseGradients()
    {
        var first = _workers[0];
        var sum = first.Gradient;
        int width = _architecture.LayerSizes[1], rest = _architecture.BiasOffset(0);
        for (int w = 1; w < _workers.Length; w++)
        {
            var other = _workers[w].Gradient;
            foreach (int slot in _workers[w].Touched!.Slots)
            {
                first.Touched!.Add(slot);
                var row = sum.Slice(slot * width, width);
                TensorPrimitives.Add(row, other.Slice(slot * width, width), row);
            }
            TensorPrimitives.Add(sum[rest..], other[rest..], sum[rest..]);
        }
    }

    /// <summary>
    /// The lazy rule's step on the first worker's gradient: the optimizer's rule on the first-layer weight rows the batch
    /// touched and on the rest of the network, the other rows left as they are, their weights and their state (PyTorch's
    /// <c>SparseAdam</c>); false when a stepped parameter is no longer finite.
    /// </summary>
    private bool LazyStep(Span<float> parameters, IOptimizerState state, IPartitionableOptimizer lazy)
    {
        var gradient = _workers[0].Gradient;
        int width = _architecture.LayerSizes[1], rest = _architecture.BiasOffset(0);
        lazy.BeginStep(state);
        bool finite = true;
        foreach (int slot in _workers[0].Touched!.Slots)
        {
            lazy.StepRange(parameters, gradient, state, slot * width, width);
            finite &= Subnormals.FlushToZero(parameters.Slice(slot * width, width));
        }
        lazy.StepRange(parameters, gradient, state, rest, parameters.Length - rest);
        return Subnormals.FlushToZero(parameters[rest..]) && finite;
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
        _rangeFinite[w] = Subnormals.FlushToZero(parameters.Slice(start, length));
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
            worker.ClearGradient();
            _workerLosses[w] = 0;
            return;
        }
        if (SparseBatch is not null)
        {
            _workerLosses[w] = worker.ComputeGradient(parameters.Span, SparseBatch, start, count, _task,
                Labels.AsSpan(start, count), Weights.AsSpan(start, count), batchWeight);
            return;
        }
        if (Split is not null)
        {
            Split.CopyFeatures(start, count, worker.Input);
        }
        else if (_workers.Length > 1)
        {
            _batchFeatures.Span.Slice(start * width, count * width).CopyTo(worker.Input);
        }
        _workerLosses[w] = worker.ComputeGradient(parameters.Span, count, _task,
            Labels.AsSpan(start, count), Weights.AsSpan(start, count), batchWeight);
    }
}
