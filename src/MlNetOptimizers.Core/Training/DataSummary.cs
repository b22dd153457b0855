using MlNetOptimizers.Tasks;

namespace MlNetOptimizers.Training;

/// <summary>
/// One pass over a batch source before training: the task's summary of the labels (rows per class; the target's
/// moments) and either the feature statistics of the standardization or, without it, each feature's largest magnitude.
/// For a streamed source this pass also reads (and so checks) every row before the first epoch.
/// </summary>
internal sealed record DataSummary(long Rows, LabelSummary Labels, FeatureStandardization? Standardization, float[]? MaxMagnitudes)
{
    /// <summary>Reads <paramref name="source"/> once, in order.</summary>
    public static DataSummary Of(IBatchSource source, ModelTask task, int classes, bool standardize, CancellationToken cancellation)
    {
        var labels = task.CreateLabelSummary(classes);
        if (source is DenseDataset dense)
        {
            for (int r = 0; r < dense.RowCount; r++)
            {
                labels.Add(dense.Labels[r], dense.Weights[r]);
            }
            return new(dense.RowCount, labels, standardize ? FeatureStandardization.Compute(dense) : null,
                standardize ? null : FoldMaxMagnitudes(dense.Features, dense.RowCount, dense.FeatureCount, null));
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
