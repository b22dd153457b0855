using MlNetOptimizers.Kernels;
using MlNetOptimizers.Tasks;

namespace MlNetOptimizers.Training;

/// <summary>
/// One pass over a batch source before training: the task's summary of the labels (rows per class; the target's
/// moments) and either the feature statistics of the standardization or, without it, each feature's largest magnitude.
/// For a streamed source this pass also reads (and so checks) every row before the first epoch.
/// </summary>
/// <param name="Rows">The rows read.</param>
/// <param name="Labels">The task's summary of their labels.</param>
/// <param name="Standardization">The features' standardization, when asked for.</param>
/// <param name="MaxMagnitudes">Without standardization, each feature's largest |x|.</param>
/// <param name="NonZeros">For sparse rows, their non-zero entries (what memory and work grow with); null for dense rows.</param>
internal sealed record DataSummary(long Rows, LabelSummary Labels, FeatureStandardization? Standardization, float[]? MaxMagnitudes,
    long? NonZeros = null)
{
    /// <summary>Non-zero entries per row on average: every slot for dense rows.</summary>
    public double NonZerosPerRow(int width) => NonZeros is { } n ? (double)n / Math.Max(Rows, 1) : width;

    /// <summary>Reads <paramref name="source"/> once, in order.</summary>
    public static DataSummary Of(IBatchSource source, ModelTask task, int classes, bool standardize, CancellationToken cancellation)
    {
        var labels = task.CreateLabelSummary(classes);
        if (source is InMemoryDataset memory)
        {
            for (int r = 0; r < memory.RowCount; r++)
            {
                labels.Add(memory.Labels[r], memory.Weights[r]);
            }
            return memory switch
            {
                DenseDataset dense => new(dense.RowCount, labels, standardize ? FeatureStandardization.Compute(dense) : null,
                    standardize ? null : FoldMaxMagnitudes(dense.Features, dense.RowCount, dense.FeatureCount, null)),
                SparseDataset sparse => new(sparse.RowCount, labels, standardize ? FeatureStandardization.Compute(sparse) : null,
                    standardize ? null : SparseMaxMagnitudes(sparse.Rows, sparse.FeatureCount), sparse.NonZeros),
                _ => throw new ArgumentException($"Unknown in-memory dataset {memory.GetType().Name}.", nameof(source)),
            };
        }
        if (source.IsSparse)
        {
            return OfSparseStream(source, labels, standardize, cancellation);
        }

        const int chunk = 256;
        int width = source.FeatureCount;
        var features = new float[chunk * width];
        var rowLabels = new float[chunk];
        var weights = new float[chunk];
        var moments = standardize ? new RunningMoments(width) : null;
        float[]? largest = standardize ? null : new float[width];
        long rows = 0;
        using var cursor = source.Open(shuffle: null);
        int filled;
        while ((filled = cursor.Fill(features, rowLabels, weights, chunk)) > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            for (int r = 0; r < filled; r++)
            {
                labels.Add(rowLabels[r], weights[r]);
                moments?.Add(features.AsSpan(r * width, width), weights[r]);
            }
            if (largest is not null)
            {
                FoldMaxMagnitudes(features, filled, width, largest);
            }
            rows += filled;
        }
        return new(rows, labels, moments?.ToStandardization(), largest);
    }

    /// <summary>The pass over streamed sparse rows: the labels, their standardization's moments (or each slot's largest |x|), the non-zeros.</summary>
    private static DataSummary OfSparseStream(IBatchSource source, LabelSummary labels, bool standardize, CancellationToken cancellation)
    {
        const int chunk = 256;
        var rows = new SparseRows(chunk, chunk * 64);
        var rowLabels = new float[chunk];
        var weights = new float[chunk];
        float[]? largest = standardize ? null : new float[source.FeatureCount];
        var moments = standardize ? new SparseMoments(source.FeatureCount) : null;
        long count = 0, nonZeros = 0;
        using var cursor = (ISparseBatchCursor)source.Open(shuffle: null);
        int filled;
        while ((filled = cursor.FillSparse(rows, rowLabels, weights, chunk)) > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            for (int r = 0; r < filled; r++)
            {
                labels.Add(rowLabels[r], weights[r]);
                moments?.Add(rows.RowIndices(r), rows.RowValues(r), weights[r]);
            }
            if (largest is not null)
            {
                SparseMaxMagnitudes(rows.Indices, rows.Values, largest);
            }
            count += filled;
            nonZeros += rows.NonZeros;
        }
        return new(count, labels, moments?.ToStandardization(), largest, nonZeros);
    }

    /// <summary>Each slot's largest |x| in <paramref name="rows"/>.</summary>
    private static float[] SparseMaxMagnitudes(SparseRowStore rows, int width)
    {
        var largest = new float[width];
        for (int page = 0; page < rows.PageCount; page++)
        {
            SparseMaxMagnitudes(rows.PageIndices(page), rows.PageValues(page), largest);
        }
        return largest;
    }

    /// <summary>Each slot's largest |x| among sparse entries, folded into <paramref name="largest"/>.</summary>
    private static float[] SparseMaxMagnitudes(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, float[] largest)
    {
        for (int k = 0; k < values.Length; k++)
        {
            largest[indices[k]] = MathF.Max(largest[indices[k]], MathF.Abs(values[k]));
        }
        return largest;
    }

    /// <summary>Each feature's largest |x| over <paramref name="rows"/> rows, folded into <paramref name="largest"/> (new when null).</summary>
    private static float[] FoldMaxMagnitudes(ReadOnlySpan<float> features, int rows, int width, float[]? largest)
    {
        largest ??= new float[width];
        for (int r = 0; r < rows; r++)
        {
            System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(features.Slice(r * width, width), largest, largest);
        }
        System.Numerics.Tensors.TensorPrimitives.Abs(largest, largest);
        return largest;
    }

    /// <summary>
    /// A 64-bit fingerprint of every row (features, label, weight) in order, for a checkpoint to recognise its data. One more
    /// pass for a streamed source; only runs that checkpoint ask for it.
    /// </summary>
    public static ulong ContentHash(IBatchSource source, CancellationToken cancellation)
    {
        ulong hash = 14695981039346656037UL;
        void Add(ReadOnlySpan<float> values)
        {
            foreach (uint bits in System.Runtime.InteropServices.MemoryMarshal.Cast<float, uint>(values))
            {
                hash = (hash ^ bits) * 1099511628211UL;
            }
        }
        if (source is DenseDataset dense)
        {
            Add(dense.Features);
            Add(dense.Labels);
            Add(dense.Weights);
            return hash;
        }
        if (source is SparseDataset sparse)
        {
            Add(System.Runtime.InteropServices.MemoryMarshal.Cast<int, float>(sparse.Rows.RowLengths));
            for (int page = 0; page < sparse.Rows.PageCount; page++)
            {
                Add(System.Runtime.InteropServices.MemoryMarshal.Cast<int, float>(sparse.Rows.PageIndices(page)));
                Add(sparse.Rows.PageValues(page));
            }
            Add(sparse.Labels);
            Add(sparse.Weights);
            return hash;
        }
        if (source.IsSparse)
        {
            var batch = new SparseRows(256, 256 * 64);
            var rowLabels = new float[256];
            var rowWeights = new float[256];
            using var sparseCursor = (ISparseBatchCursor)source.Open(shuffle: null);
            while (sparseCursor.FillSparse(batch, rowLabels, rowWeights, 256) is var n and > 0)
            {
                cancellation.ThrowIfCancellationRequested();
                Add(System.Runtime.InteropServices.MemoryMarshal.Cast<int, float>(batch.Starts));
                Add(System.Runtime.InteropServices.MemoryMarshal.Cast<int, float>(batch.Indices));
                Add(batch.Values);
                Add(rowLabels.AsSpan(0, n));
                Add(rowWeights.AsSpan(0, n));
            }
            return hash;
        }
        const int chunk = 256;
        var features = new float[chunk * source.FeatureCount];
        var labels = new float[chunk];
        var weights = new float[chunk];
        using var cursor = source.Open(shuffle: null);
        int rows;
        while ((rows = cursor.Fill(features, labels, weights, chunk)) > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            Add(features.AsSpan(0, rows * source.FeatureCount));
            Add(labels.AsSpan(0, rows));
            Add(weights.AsSpan(0, rows));
        }
        return hash;
    }
}
