using Microsoft.ML;
using MlNetOptimizers.Kernels;
using MlNetOptimizers.Network;
using MlNetOptimizers.Training;

namespace MlNetOptimizers.Data;

/// <summary>Turns an IDataView into a batch source: an in-memory copy (dense or sparse rows) or a stream re-read each epoch.</summary>
internal static class TrainingDataLoader
{
    /// <summary>Bytes per row in memory besides the features: label, example weight and the row's place in the shuffle order.</summary>
    private const int BytesPerRowBesidesFeatures = 3 * sizeof(float);

    /// <summary>Rows read between two looks at the cancellation token: about a millisecond of reading.</summary>
    internal const int RowsBetweenCancellationChecks = 4096;

    /// <summary>
    /// The batch source of <paramref name="data"/>: in memory or streamed (<see cref="DataLoadingSettings.Mode"/>; Auto by
    /// size), its rows dense or sparse. Wide inputs (<see cref="SparseInput.Wide"/>) are read sparse and stay sparse unless
    /// they turn out dense (<see cref="SparseInput.Trains"/>); <paramref name="sparse"/> imposes the representation instead
    /// (validation rows follow the training rows').
    /// </summary>
    public static IBatchSource Load(MLContext ml, IDataView data, TrainingColumns columns, ILabelRule label,
        DataLoadingSettings loading, string role, CancellationToken cancellation, string? noRowsMessage = null, bool? sparse = null)
    {
        bool readSparse = sparse ?? SparseInput.Wide(columns.FeatureCount);
        if (loading.Mode == DataLoadingMode.Streaming)
        {
            return new StreamingBatchSource(ml, data, columns, label, loading.StreamingShufflePoolRows, readSparse, cancellation);
        }
        if (readSparse)
        {
            long? bound = loading.Mode == DataLoadingMode.Auto ? loading.MaxInMemoryBytes : null;
            if (ReadSparse(data, columns, label, data.GetRowCount(), bound, cancellation) is not { } read)
            {
                return new StreamingBatchSource(ml, data, columns, label, loading.StreamingShufflePoolRows, sparse: true, cancellation);
            }
            if (read.RowCount == 0)
            {
                throw new ArgumentException(noRowsMessage ?? $"The {role} data has no rows.");
            }
            bool keepSparse = sparse ?? SparseInput.Trains(columns.FeatureCount, read.RowCount, read.NonZeros);
            bool denseFits = (long)read.RowCount * columns.FeatureCount <= Array.MaxLength &&
                (bound is null || InMemoryBytes(read.RowCount, columns.FeatureCount) <= bound);
            return keepSparse || !denseFits ? read : read.ToDense();
        }
        long rows = data.GetRowCount() ?? CountRows(data, cancellation);
        bool fitsArray = rows * (long)Math.Max(columns.FeatureCount, 1) <= Array.MaxLength;
        if (loading.Mode == DataLoadingMode.Auto && (!fitsArray || InMemoryBytes(rows, columns.FeatureCount) > loading.MaxInMemoryBytes))
        {
            return new StreamingBatchSource(ml, data, columns, label, loading.StreamingShufflePoolRows, sparse: false, cancellation);
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

    /// <summary>What a <see cref="SparseDataset"/> of <paramref name="rows"/> rows and <paramref name="nonZeros"/> non-zeros holds.</summary>
    public static long SparseInMemoryBytes(long rows, long nonZeros) => rows * (12 + BytesPerRowBesidesFeatures) + nonZeros * 8;

    /// <summary>
    /// Reads every row's non-zeros in one pass (<paramref name="expectedRows"/> a hint), or stops and returns null as soon as
    /// they take more than <paramref name="bound"/> bytes.
    /// </summary>
    private static SparseDataset? ReadSparse(IDataView data, TrainingColumns columns, ILabelRule label, long? expectedRows, long? bound,
        CancellationToken cancellation)
    {
        int capacity = (int)Math.Clamp(expectedRows ?? 0, 16, Array.MaxLength);
        var store = new SparseRowStore(capacity);
        var labels = new float[capacity];
        var weights = new float[capacity];
        var row = new SparseRows(1, 256);
        using var reader = new RowReader(data, columns, label, cancellation);
        while (true)
        {
            row.Clear();
            if (!reader.ReadSparse(row, out float rowLabel, out float rowWeight))
            {
                break;
            }
            if (store.RowCount == labels.Length)
            {
                Array.Resize(ref labels, (int)Math.Min(Array.MaxLength, 2L * labels.Length));
                Array.Resize(ref weights, labels.Length);
            }
            labels[store.RowCount] = rowLabel;
            weights[store.RowCount] = rowWeight;
            store.Add(row.RowIndices(0), row.RowValues(0));
            if (bound is { } b && store.RowCount % RowsBetweenCancellationChecks == 0 && SparseInMemoryBytes(store.RowCount, store.NonZeros) > b)
            {
                return null;
            }
        }
        if (bound is { } limit && SparseInMemoryBytes(store.RowCount, store.NonZeros) > limit)
        {
            return null;
        }
        store.TrimExcess();
        Array.Resize(ref labels, store.RowCount);
        Array.Resize(ref weights, store.RowCount);
        return new SparseDataset(store, labels, weights, columns.FeatureCount);
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
