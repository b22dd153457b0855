using Microsoft.ML;
using MlNetOptimizers.Training;

namespace MlNetOptimizers.Data;

/// <summary>Turns an IDataView into a batch source: a dense in-memory copy or a stream re-read each epoch.</summary>
internal static class TrainingDataLoader
{
    /// <summary>Bytes per row in memory besides the features: label, example weight and the row's place in the shuffle order.</summary>
    private const int BytesPerRowBesidesFeatures = 3 * sizeof(float);

    /// <summary>Rows read between two looks at the cancellation token: about a millisecond of reading.</summary>
    internal const int RowsBetweenCancellationChecks = 4096;

    public static IBatchSource Load(MLContext ml, IDataView data, TrainingColumns columns, ILabelRule label,
        DataLoadingSettings loading, string role, CancellationToken cancellation, string? noRowsMessage = null)
    {
        if (loading.Mode == DataLoadingMode.Streaming)
        {
            return new StreamingBatchSource(ml, data, columns, label, loading.StreamingShufflePoolRows, cancellation);
        }
        long rows = data.GetRowCount() ?? CountRows(data, cancellation);
        bool fitsArray = rows * (long)Math.Max(columns.FeatureCount, 1) <= Array.MaxLength;
        if (loading.Mode == DataLoadingMode.Auto && (!fitsArray || InMemoryBytes(rows, columns.FeatureCount) > loading.MaxInMemoryBytes))
        {
            return new StreamingBatchSource(ml, data, columns, label, loading.StreamingShufflePoolRows, cancellation);
        }
        if (!fitsArray)
        {
            throw new ArgumentException(
                $"The {role} data has {rows:N0} rows of {columns.FeatureCount:N0} features, {rows * columns.FeatureCount:N0} values: more than " +
                $"one array holds ({Array.MaxLength:N0}). Set DataLoading to Streaming or Auto.");
        }
        if (rows == 0)
        {
            throw new ArgumentException(noRowsMessage ?? $"The {role} data has no rows.");
        }
        return ReadDense(data, columns, label, role, rows, cancellation);
    }

    /// <summary>What <see cref="ReadDense"/> allocates for <paramref name="rows"/> rows: the bound that MaxInMemoryBytes puts on Auto.</summary>
    public static long InMemoryBytes(long rows, int featureCount) => rows * ((long)featureCount * sizeof(float) + BytesPerRowBesidesFeatures);

    private static long CountRows(IDataView data, CancellationToken cancellation)
    {
        long rows = 0;
        using var cursor = data.GetRowCursor([]);
        while (cursor.MoveNext())
        {
            if (++rows % RowsBetweenCancellationChecks == 0)
            {
                cancellation.ThrowIfCancellationRequested();
            }
        }
        return rows;
    }

    /// <summary>
    /// Reads the <paramref name="rows"/> rows (counted before) into arrays allocated once at their final size, so that the
    /// peak memory is the data itself.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static DenseDataset ReadDense(IDataView data, TrainingColumns columns, ILabelRule label, string role, long rows,
        CancellationToken cancellation)
    {
        if (rows == 0)
        {
            throw new ArgumentException($"The {role} data has no rows.");
        }
        int width = columns.FeatureCount;
        var features = GC.AllocateUninitializedArray<float>(checked((int)(rows * width)));
        var labels = GC.AllocateUninitializedArray<float>((int)rows);
        var weights = GC.AllocateUninitializedArray<float>((int)rows);
        int read = 0;
        using (var reader = new RowReader(data, columns, label, cancellation))
        {
            while (read < rows && reader.Read(features.AsSpan(read * width, width), out labels[read], out weights[read]))
            {
                read++;
            }
            if (read == rows && reader.Read(new float[width], out _, out _))
            {
                read++;
            }
        }
        if (read != rows)
        {
            throw new InvalidOperationException(
                $"The {role} data gave {(read > rows ? "more than " : "")}{read:N0} rows on this pass and {rows:N0} when counted before: " +
                "an IDataView must give the same rows on every pass (is its source changing while training runs?).");
        }
        return new DenseDataset(features, labels, weights, width);
    }
}
