namespace MlNetOptimizers;

/// <summary>
/// One pass over a batch source before training: rows per class and, when asked, the feature statistics of the
/// standardization. For a streamed source this pass also reads (and so checks) every row before the first epoch.
/// </summary>
internal sealed record DataSummary(long Rows, long[] RowsPerClass, FeatureStandardization? Standardization)
{
    /// <summary>Reads <paramref name="source"/> once, in order.</summary>
    public static DataSummary Of(IBatchSource source, int classes, bool standardize, CancellationToken cancellation)
    {
        var counts = new long[classes];
        if (source is DenseDataset dense)
        {
            foreach (float label in dense.Labels)
            {
                counts[(int)label]++;
            }
            return new(dense.RowCount, counts, standardize ? FeatureStandardization.Compute(dense) : null);
        }

        const int chunk = 256;
        int width = source.FeatureCount;
        var features = new float[chunk * width];
        var labels = new float[chunk];
        var weights = new float[chunk];
        var moments = standardize ? new RunningMoments(width) : null;
        long rows = 0;
        using var cursor = source.Open(shuffle: null);
        int filled;
        while ((filled = cursor.Fill(features, labels, weights, chunk)) > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            for (int r = 0; r < filled; r++)
            {
                counts[(int)labels[r]]++;
                moments?.Add(features.AsSpan(r * width, width), weights[r]);
            }
            rows += filled;
        }
        return new(rows, counts, moments?.ToStandardization());
    }
}
