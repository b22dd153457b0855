using System.Numerics.Tensors;
using MlNetOptimizers.Kernels;
using MlNetOptimizers.Network;
using MlNetOptimizers.Optimization;
using MlNetOptimizers.Tasks;

namespace MlNetOptimizers.Training;

/// <summary>
/// One mini-batch split into one or more shards: each shard's gradient is computed over its contiguous share of the batch,
/// then the gradients are summed in shard order and the optimizer steps. The shards decide the arithmetic; the threads
/// that compute them (each thread its own shards) do not, so a run is the same on any number of cores. With several
/// threads and an optimizer whose step splits into ranges (<see cref="IPartitionableOptimizer"/>), each thread sums and
/// steps its own 64-byte-aligned range of the parameters instead, bit-identical to the whole-vector step. With sparse
/// input the batch is a <see cref="SparseRows"/> and each shard's gradient holds only the first-layer rows its rows touch;
/// the step is either the optimizer's rule over the whole vector, as for dense input, or the lazy rule: the shards'
/// gradients merged into the first's over the touched rows and the rest of the network, and stepped there only.
/// </summary>
internal sealed class DataParallelStep
{
    private readonly NetworkArchitecture _architecture;
    private readonly ModelTask _task;
    private readonly IOptimizer _optimizer;
    private readonly BatchWorkspace[] _shards;
    private int _threads;
    private bool _running; // between StartWorkers and the disposal of its result
    private readonly AlignedBuffer _batchFeatures;
    private readonly AlignedBuffer _gradient;
    private readonly double[] _shardLosses;
    private SpinningWorkers? _pool;
    private (AlignedBuffer Parameters, int Rows, double BatchWeight) _current;

    private IPartitionableOptimizer? _partitioned;
    private (int Start, int Length)[] _ranges;
    private bool[] _rangeFinite;
    private readonly IPartitionableOptimizer? _partitionable;
    private IOptimizerState? _state;
    private bool _stepping; // what the threads run: false, their shards of the batch's gradient; true, their range of the step

    private readonly IPartitionableOptimizer? _lazy;

    /// <summary>
    /// A step over batches of up to <paramref name="batch"/> rows in <paramref name="shards"/> shards, computed by up to
    /// <paramref name="threads"/> threads (never more than the shards).
    /// </summary>
    public DataParallelStep(NetworkArchitecture architecture, ModelTask task, IOptimizer optimizer, int batch, int shards, int threads,
        bool sparseInput = false, bool lazySparseSteps = false)
    {
        _architecture = architecture;
        _task = task;
        _optimizer = optimizer;
        shards = Math.Clamp(shards, 1, batch);
        _threads = Math.Clamp(threads, 1, shards);
        int rowsPerShard = (batch + shards - 1) / shards;
        var partitionable = optimizer is IPartitionableOptimizer { CanPartition: true } p ? p : null;
        _lazy = sparseInput && lazySparseSteps ? partitionable : null;
        _partitionable = partitionable;
        // Only the lazy step reads the slots a gradient touched.
        _shards = Enumerable.Range(0, shards)
            .Select(_ => new BatchWorkspace(architecture, rowsPerShard, sparseInput, task, trackTouched: _lazy is not null)).ToArray();
        // With one shard the batch is read straight into that shard's input buffer.
        _batchFeatures = sparseInput ? new AlignedBuffer(0)
            : shards == 1 ? _shards[0].InputBuffer : new AlignedBuffer(batch * architecture.InputSize);
        SparseBatch = sparseInput ? new SparseRows(batch, batch * 64) : null;
        Labels = new float[batch];
        Weights = new float[batch];
        // One shard, or the lazy rule: the first shard's gradient is the sum, stepped on where it is.
        _gradient = new AlignedBuffer(_lazy is null && shards > 1 ? architecture.ParameterCount : 0);
        _shardLosses = new double[shards];
        Partition();
    }

    /// <summary>
    /// The threads computing the shards, at most one per shard. Changing it between batches changes nothing of the arithmetic,
    /// only how many cores compute it: the trials that choose λ take over the cores of those that have ended.
    /// </summary>
    public int Threads
    {
        get => _threads;
        set
        {
            value = Math.Clamp(value, 1, _shards.Length);
            if (value == _threads)
            {
                return;
            }
            _pool?.Dispose();
            _pool = null;
            _threads = value;
            Partition();
            if (_running)
            {
                StartPool();
            }
        }
    }

    /// <summary>The threads' ranges of a partitioned step, for the current thread count.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(_ranges), nameof(_rangeFinite))]
    private void Partition()
    {
        _partitioned = _threads > 1 && _shards.Length > 1 && _lazy is null ? _partitionable : null;
        _ranges = ParameterRanges(_architecture.ParameterCount, _threads);
        _rangeFinite = new bool[_threads];
    }

    private void StartPool() => _pool = _threads > 1 ? new SpinningWorkers(_threads, Work) : null;

    /// <summary>Starts the helper threads of a run with several threads; disposing the result stops them.</summary>
    public IDisposable StartWorkers()
    {
        _running = true;
        StartPool();
        return new Stop(this);
    }

    private sealed class Stop(DataParallelStep step) : IDisposable
    {
        public void Dispose()
        {
            step._running = false;
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

    /// <summary>The first shard's workspace: the one that scores validation rows.</summary>
    public BatchWorkspace First => _shards[0];

    /// <summary>Whether several shards share a batch (then validation rows are copied into the first shard's input).</summary>
    public bool Parallel => _shards.Length > 1;

    /// <summary>Set while a cursor lets each shard gather its own feature rows (in-memory data, several shards).</summary>
    public ISplitBatchCursor? Split { get; set; }

    /// <summary>
    /// The parameters split into one contiguous range per thread, each starting on a 64-byte boundary (16 floats), so that
    /// no cache line is written by two cores and every range's vector loop starts where the whole vector's would.
    /// </summary>
    internal static (int Start, int Length)[] ParameterRanges(int parameterCount, int threads)
    {
        const int Line = 16;
        int chunk = (parameterCount + threads * Line - 1) / (threads * Line) * Line;
        return Enumerable.Range(0, threads).Select(w =>
        {
            int start = Math.Min(w * chunk, parameterCount);
            return (start, Math.Min(chunk, parameterCount - start));
        }).ToArray();
    }

    /// <summary>
    /// Computes each shard's gradient and returns Σ w·loss. Unless the step is partitioned (then each thread sums its
    /// range in <see cref="StepShare"/>) and with several shards, also fills <see cref="_gradient"/> with their sum.
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

        double loss = _shardLosses[0];
        for (int s = 1; s < _shards.Length; s++)
        {
            loss += _shardLosses[s];
        }
        if (_lazy is not null)
        {
            MergeSparseGradients();
        }
        else if (_partitioned is null && _shards.Length > 1)
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
            _optimizer.Step(parameters.Span, _shards.Length == 1 ? _shards[0].Gradient : _gradient.Span, state);
            return Subnormals.FlushToZero(parameters.Span);
        }
        _partitioned.BeginStep(state);
        _state = state;
        _stepping = true;
        _pool!.Run();
        return Array.TrueForAll(_rangeFinite, finite => finite);
    }

    /// <summary>
    /// The lazy rule, several shards: the others' gradients added into the first's, in shard order: over the first-layer
    /// rows each touched (the first's <see cref="BatchWorkspace.Touched"/> gaining them, so that its next batch clears them)
    /// and over the rest of the network.
    /// </summary>
    private void MergeSparseGradients()
    {
        var first = _shards[0];
        var sum = first.Gradient;
        int width = _architecture.LayerSizes[1], rest = _architecture.BiasOffset(0);
        for (int s = 1; s < _shards.Length; s++)
        {
            var other = _shards[s].Gradient;
            foreach (int slot in _shards[s].Touched!.Slots)
            {
                first.Touched!.Add(slot);
                var row = sum.Slice(slot * width, width);
                TensorPrimitives.Add(row, other.Slice(slot * width, width), row);
            }
            TensorPrimitives.Add(sum[rest..], other[rest..], sum[rest..]);
        }
    }

    /// <summary>
    /// The lazy rule's step on the first shard's gradient: the optimizer's rule on the first-layer weight rows the batch
    /// touched and on the rest of the network, the other rows left as they are, their weights and their state (PyTorch's
    /// <c>SparseAdam</c>); false when a stepped parameter is no longer finite.
    /// </summary>
    private bool LazyStep(Span<float> parameters, IOptimizerState state, IPartitionableOptimizer lazy)
    {
        var gradient = _shards[0].Gradient;
        int width = _architecture.LayerSizes[1], rest = _architecture.BiasOffset(0);
        lazy.BeginStep(state);
        bool finite = true;
        foreach (int slot in _shards[0].Touched!.Slots)
        {
            lazy.StepRange(parameters, gradient, state, slot * width, width);
            finite &= Subnormals.FlushToZero(parameters.Slice(slot * width, width));
        }
        lazy.StepRange(parameters, gradient, state, rest, parameters.Length - rest);
        return Subnormals.FlushToZero(parameters[rest..]) && finite;
    }

    /// <summary>
    /// The shards' gradients summed into <see cref="_gradient"/> over one range, in shard order, so that the result does
    /// not depend on which thread finished first, nor on how the range was split.
    /// </summary>
    private void SumGradients(int start, int length)
    {
        var sum = _gradient.Span.Slice(start, length);
        _shards[0].Gradient.Slice(start, length).CopyTo(sum);
        for (int s = 1; s < _shards.Length; s++)
        {
            TensorPrimitives.Add(sum, _shards[s].Gradient.Slice(start, length), sum);
        }
    }

    /// <summary>What thread <paramref name="t"/> does in the current phase: its shards of the gradient (t, t + threads, …), or its range of the step.</summary>
    private void Work(int t)
    {
        if (_stepping)
        {
            StepShare(t);
            return;
        }
        for (int s = t; s < _shards.Length; s += _threads)
        {
            GradientShare(s);
        }
    }

    /// <summary>Thread <paramref name="t"/>'s range of a partitioned step: sum the shards' gradients there, step, check.</summary>
    private void StepShare(int t)
    {
        var (start, length) = _ranges[t];
        var parameters = _current.Parameters.Span;
        if (length > 0)
        {
            SumGradients(start, length);
            _partitioned!.StepRange(parameters, _gradient.Span, _state!, start, length);
        }
        _rangeFinite[t] = Subnormals.FlushToZero(parameters.Slice(start, length));
    }

    /// <summary>Shard <paramref name="s"/>'s gradient over its contiguous share of the current batch.</summary>
    private void GradientShare(int s)
    {
        var (parameters, rows, batchWeight) = _current;
        int width = _architecture.InputSize;
        int chunk = (rows + _shards.Length - 1) / _shards.Length;
        int start = s * chunk, count = Math.Min(chunk, rows - start);
        var shard = _shards[s];
        if (count <= 0)
        {
            shard.ClearGradient();
            _shardLosses[s] = 0;
            return;
        }
        if (SparseBatch is not null)
        {
            _shardLosses[s] = shard.ComputeGradient(parameters.Span, SparseBatch, start, count, _task,
                Labels.AsSpan(start, count), Weights.AsSpan(start, count), batchWeight);
            return;
        }
        if (Split is not null)
        {
            Split.CopyFeatures(start, count, shard.Input);
        }
        else if (_shards.Length > 1)
        {
            _batchFeatures.Span.Slice(start * width, count * width).CopyTo(shard.Input);
        }
        _shardLosses[s] = shard.ComputeGradient(parameters.Span, count, _task,
            Labels.AsSpan(start, count), Weights.AsSpan(start, count), batchWeight);
    }
}
