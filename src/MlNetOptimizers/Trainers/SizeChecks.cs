using MlNetOptimizers.Data;
using MlNetOptimizers.Training;

namespace MlNetOptimizers.Trainers;

/// <summary>The checks of a Fit that refuse, before anything large is allocated, sizes and scales that cannot train.</summary>
internal static class SizeChecks
{
    /// <summary>
    /// Refuses a shuffle pool that holds more than MaxInMemoryBytes: its rows as they are read, every slot of dense rows,
    /// the non-zeros of sparse ones (<paramref name="summary"/> counted them).
    /// </summary>
    public static void ShufflePool(GradientTrainerOptions options, TrainingColumns columns, DataSummary summary)
    {
        long pool = Math.Min(options.StreamingShufflePoolRows, summary.Rows);
        long bytes = summary.NonZeros is null
            ? TrainingDataLoader.InMemoryBytes(pool, columns.FeatureCount)
            : TrainingDataLoader.SparseInMemoryBytes(pool, (long)Math.Ceiling(pool * summary.NonZerosPerRow(columns.FeatureCount)));
        if (bytes > options.MaxInMemoryBytes)
        {
            string rowsOf = summary.NonZeros is null
                ? $"{pool:N0} rows of {columns.FeatureCount:N0} features"
                : $"{pool:N0} rows of {summary.NonZerosPerRow(columns.FeatureCount):N0} non-zeros on average";
            throw new ArgumentOutOfRangeException(nameof(GradientTrainerOptions.StreamingShufflePoolRows), options.StreamingShufflePoolRows,
                $"StreamingShufflePoolRows {options.StreamingShufflePoolRows:N0} holds {rowsOf} in memory, about {bytes / 1048576.0:N0} MB: " +
                $"more than MaxInMemoryBytes ({options.MaxInMemoryBytes / 1048576.0:N0} MB). Set StreamingShufflePoolRows to at most " +
                $"{Math.Max(1, options.MaxInMemoryBytes * pool / bytes):N0}, or raise MaxInMemoryBytes.");
        }
    }

    /// <summary>Refuses, before allocating, a network or batch whose buffers cannot exist: naming the option and the size; returns what a run allocates.</summary>
    public static TrainingFootprint Footprint(int[] layerSizes, int batch, int shards, bool sparseInput = false, double nonZerosPerRow = 0,
        int members = 1)
    {
        var footprint = TrainingFootprint.Of(layerSizes, batch, shards, sparseInput, nonZerosPerRow, members);
        string network = string.Join("-", layerSizes);
        if (footprint.Parameters > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(GradientTrainerOptions.HiddenLayers),
                $"HiddenLayers make a network of {network} with {footprint.Parameters:N0} parameters; at most {Array.MaxLength:N0} fit in one array.");
        }
        if (footprint.LargestArray > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(GradientTrainerOptions.BatchSize), batch,
                $"BatchSize {batch:N0} on a network of {network} needs {footprint.LargestArray:N0} values in one buffer; at most {Array.MaxLength:N0} fit in one array.");
        }
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (footprint.Bytes > available)
        {
            throw new ArgumentException(
                $"Training a network of {network} ({footprint.Parameters:N0} parameters) with BatchSize {batch:N0} in {shards} shard(s) needs " +
                $"about {footprint.Bytes / 1e9:N1} GB of buffers; this process has {available / 1e9:N1} GB. Use smaller HiddenLayers, BatchSize or NumberOfThreads.",
                nameof(GradientTrainerOptions.HiddenLayers));
        }
        return footprint;
    }

    /// <summary>
    /// The square of a feature value must be a normal single-precision number, or gradient statistics (Adam's, RMSProp's,
    /// AdaGrad's) overflow to ∞ or vanish, and training fails silently. Standardized features always pass; checked only
    /// when StandardizeFeatures is off.
    /// </summary>
    public static void FeatureScales(DataSummary summary, TrainingColumns columns)
    {
        if (summary.MaxMagnitudes is not { } largest)
        {
            return;
        }
        for (int slot = 0; slot < largest.Length; slot++)
        {
            float m = largest[slot];
            if (m > TrainerDefaults.LargestUnstandardizedFeature || (m > 0 && m < TrainerDefaults.SmallestUnstandardizedFeature))
            {
                throw new ArgumentException(
                    $"Feature column '{columns.Features.Name}' reaches {m:G3} in slot {slot}: with StandardizeFeatures = false, values must lie " +
                    $"within {TrainerDefaults.SmallestUnstandardizedFeature:G0} ≤ |x| ≤ {TrainerDefaults.LargestUnstandardizedFeature:G0} (or be 0), " +
                    "because their squares overflow or vanish in single precision and training would fail silently. " +
                    "Keep StandardizeFeatures = true, or rescale the column.");
            }
        }
    }
}
