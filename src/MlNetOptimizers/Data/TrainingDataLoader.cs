using Microsoft.ML;

namespace MlNetOptimizers;

/// <summary>Turns an IDataView into a batch source: a dense in-memory copy or a stream re-read each epoch.</summary>
internal static class TrainingDataLoader
{
    public static IBatchSource Load(MLContext ml, IDataView data, TrainingColumns columns, ModelKind kind,
        DataLoadingSettings loading, string role)
    {
        bool inMemory = loading.Mode switch
        {
            DataLoadingMode.InMemory => true,
            DataLoadingMode.Streaming => false,
            _ => EstimateBytes(data, columns) <= loading.MaxInMemoryBytes,
        };
        return inMemory
            ? ReadDense(data, columns, kind, role)
            : new StreamingBatchSource(ml, data, columns, kind, loading.StreamingShufflePoolRows);
    }

    private static long EstimateBytes(IDataView data, TrainingColumns columns)
    {
        long rows = data.GetRowCount() ?? CountRows(data);
        return rows * (columns.FeatureCount + 2L) * sizeof(float);
    }

    private static long CountRows(IDataView data)
    {
        long rows = 0;
        using var cursor = data.GetRowCursor([]);
        while (cursor.MoveNext())
        {
            rows++;
        }
        return rows;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static DenseDataset ReadDense(IDataView data, TrainingColumns columns, ModelKind kind, string role)
    {
        int width = columns.FeatureCount;
        int capacity = (int)Math.Clamp(data.GetRowCount() ?? 1024, 1, int.MaxValue / Math.Max(width, 1));
        var features = new float[capacity * width];
        var labels = new float[capacity];
        var weights = new float[capacity];
        var row = new float[width];
        int rows = 0;
        using (var reader = new RowReader(data, columns, kind))
        {
            // Read into a row buffer first, so that the arrays grow only for a row that exists.
            while (reader.Read(row, out float label, out float weight))
            {
                if (rows == labels.Length)
                {
                    int grown = checked(labels.Length * 2);
                    Array.Resize(ref features, checked(grown * width));
                    Array.Resize(ref labels, grown);
                    Array.Resize(ref weights, grown);
                }
                row.CopyTo(features, rows * width);
                labels[rows] = label;
                weights[rows] = weight;
                rows++;
            }
        }
        if (rows == 0)
        {
            throw new ArgumentException($"The {role} data has no rows.");
        }
        if (rows != labels.Length)
        {
            Array.Resize(ref features, rows * width);
            Array.Resize(ref labels, rows);
            Array.Resize(ref weights, rows);
        }
        return new DenseDataset(features, labels, weights, width);
    }
}
