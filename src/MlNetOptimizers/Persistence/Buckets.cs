// One output row type and two factories per bucket size S (powers of 4 up to 65,536): a CustomMapping rebuilt from a
// model file knows only the vector sizes its classes declare at compile time, so a model of K classes scores into the
// smallest bucket with S >= K and the chain drops the S - K unused slots. Contract names are part of the saved format:
// never rename or remove one. The logic lives in MulticlassBucketScorer and EnsembleBucketCombiner.
#pragma warning disable CS1591 // public because ML.NET instantiates them, hidden from IntelliSense, documented above
using System.ComponentModel;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MlNetOptimizers.Persistence;

[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class Probabilities4 : IBucketRow
{
    [ColumnName(ScoringColumns.PredictedIndex)] public uint PredictedIndex { get; set; }

    [ColumnName(ScoringColumns.Slots), VectorType(4)] public float[] Slots { get; set; } = new float[4];
}

[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(MulticlassBucketScorer.ContractPrefix + "4")]
public sealed class MulticlassScorer4 : MulticlassBucketScorer<Probabilities4>
{
}

[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(EnsembleBucketCombiner.ContractPrefix + "4")]
public sealed class EnsembleCombiner4 : EnsembleBucketCombiner<Probabilities4>
{
}

[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class Probabilities16 : IBucketRow
{
    [ColumnName(ScoringColumns.PredictedIndex)] public uint PredictedIndex { get; set; }

    [ColumnName(ScoringColumns.Slots), VectorType(16)] public float[] Slots { get; set; } = new float[16];
}

[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(MulticlassBucketScorer.ContractPrefix + "16")]
public sealed class MulticlassScorer16 : MulticlassBucketScorer<Probabilities16>
{
}

[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(EnsembleBucketCombiner.ContractPrefix + "16")]
public sealed class EnsembleCombiner16 : EnsembleBucketCombiner<Probabilities16>
{
}

[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class Probabilities64 : IBucketRow
{
    [ColumnName(ScoringColumns.PredictedIndex)] public uint PredictedIndex { get; set; }

    [ColumnName(ScoringColumns.Slots), VectorType(64)] public float[] Slots { get; set; } = new float[64];
}

[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(MulticlassBucketScorer.ContractPrefix + "64")]
public sealed class MulticlassScorer64 : MulticlassBucketScorer<Probabilities64>
{
}

[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(EnsembleBucketCombiner.ContractPrefix + "64")]
public sealed class EnsembleCombiner64 : EnsembleBucketCombiner<Probabilities64>
{
}

[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class Probabilities256 : IBucketRow
{
    [ColumnName(ScoringColumns.PredictedIndex)] public uint PredictedIndex { get; set; }

    [ColumnName(ScoringColumns.Slots), VectorType(256)] public float[] Slots { get; set; } = new float[256];
}

[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(MulticlassBucketScorer.ContractPrefix + "256")]
public sealed class MulticlassScorer256 : MulticlassBucketScorer<Probabilities256>
{
}

[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(EnsembleBucketCombiner.ContractPrefix + "256")]
public sealed class EnsembleCombiner256 : EnsembleBucketCombiner<Probabilities256>
{
}

[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class Probabilities1024 : IBucketRow
{
    [ColumnName(ScoringColumns.PredictedIndex)] public uint PredictedIndex { get; set; }

    [ColumnName(ScoringColumns.Slots), VectorType(1024)] public float[] Slots { get; set; } = new float[1024];
}

[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(MulticlassBucketScorer.ContractPrefix + "1024")]
public sealed class MulticlassScorer1024 : MulticlassBucketScorer<Probabilities1024>
{
}

[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(EnsembleBucketCombiner.ContractPrefix + "1024")]
public sealed class EnsembleCombiner1024 : EnsembleBucketCombiner<Probabilities1024>
{
}

[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class Probabilities4096 : IBucketRow
{
    [ColumnName(ScoringColumns.PredictedIndex)] public uint PredictedIndex { get; set; }

    [ColumnName(ScoringColumns.Slots), VectorType(4096)] public float[] Slots { get; set; } = new float[4096];
}

[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(MulticlassBucketScorer.ContractPrefix + "4096")]
public sealed class MulticlassScorer4096 : MulticlassBucketScorer<Probabilities4096>
{
}

[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(EnsembleBucketCombiner.ContractPrefix + "4096")]
public sealed class EnsembleCombiner4096 : EnsembleBucketCombiner<Probabilities4096>
{
}

[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class Probabilities16384 : IBucketRow
{
    [ColumnName(ScoringColumns.PredictedIndex)] public uint PredictedIndex { get; set; }

    [ColumnName(ScoringColumns.Slots), VectorType(16384)] public float[] Slots { get; set; } = new float[16384];
}

[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(MulticlassBucketScorer.ContractPrefix + "16384")]
public sealed class MulticlassScorer16384 : MulticlassBucketScorer<Probabilities16384>
{
}

[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(EnsembleBucketCombiner.ContractPrefix + "16384")]
public sealed class EnsembleCombiner16384 : EnsembleBucketCombiner<Probabilities16384>
{
}

[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class Probabilities65536 : IBucketRow
{
    [ColumnName(ScoringColumns.PredictedIndex)] public uint PredictedIndex { get; set; }

    [ColumnName(ScoringColumns.Slots), VectorType(65536)] public float[] Slots { get; set; } = new float[65536];
}

[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(MulticlassBucketScorer.ContractPrefix + "65536")]
public sealed class MulticlassScorer65536 : MulticlassBucketScorer<Probabilities65536>
{
}

[EditorBrowsable(EditorBrowsableState.Never), CustomMappingFactoryAttribute(EnsembleBucketCombiner.ContractPrefix + "65536")]
public sealed class EnsembleCombiner65536 : EnsembleBucketCombiner<Probabilities65536>
{
}

/// <summary>The CustomMapping estimators of each bucket size.</summary>
internal static class BucketMappings
{
    /// <summary>The scorer of a multiclass network into a bucket of <paramref name="bucket"/> slots.</summary>
    public static IEstimator<ITransformer> Scorer(MLContext ml, int bucket) => bucket switch
    {
        4 => ml.Transforms.CustomMapping(new MulticlassScorer4().GetMapping(), MulticlassBucketScorer.ContractPrefix + "4"),
        16 => ml.Transforms.CustomMapping(new MulticlassScorer16().GetMapping(), MulticlassBucketScorer.ContractPrefix + "16"),
        64 => ml.Transforms.CustomMapping(new MulticlassScorer64().GetMapping(), MulticlassBucketScorer.ContractPrefix + "64"),
        256 => ml.Transforms.CustomMapping(new MulticlassScorer256().GetMapping(), MulticlassBucketScorer.ContractPrefix + "256"),
        1024 => ml.Transforms.CustomMapping(new MulticlassScorer1024().GetMapping(), MulticlassBucketScorer.ContractPrefix + "1024"),
        4096 => ml.Transforms.CustomMapping(new MulticlassScorer4096().GetMapping(), MulticlassBucketScorer.ContractPrefix + "4096"),
        16384 => ml.Transforms.CustomMapping(new MulticlassScorer16384().GetMapping(), MulticlassBucketScorer.ContractPrefix + "16384"),
        65536 => ml.Transforms.CustomMapping(new MulticlassScorer65536().GetMapping(), MulticlassBucketScorer.ContractPrefix + "65536"),
        _ => throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "Not a bucket size."),
    };

    /// <summary>The ensemble combiner into a bucket of <paramref name="bucket"/> slots.</summary>
    public static IEstimator<ITransformer> Combiner(MLContext ml, int bucket) => bucket switch
    {
        4 => ml.Transforms.CustomMapping(new EnsembleCombiner4().GetMapping(), EnsembleBucketCombiner.ContractPrefix + "4"),
        16 => ml.Transforms.CustomMapping(new EnsembleCombiner16().GetMapping(), EnsembleBucketCombiner.ContractPrefix + "16"),
        64 => ml.Transforms.CustomMapping(new EnsembleCombiner64().GetMapping(), EnsembleBucketCombiner.ContractPrefix + "64"),
        256 => ml.Transforms.CustomMapping(new EnsembleCombiner256().GetMapping(), EnsembleBucketCombiner.ContractPrefix + "256"),
        1024 => ml.Transforms.CustomMapping(new EnsembleCombiner1024().GetMapping(), EnsembleBucketCombiner.ContractPrefix + "1024"),
        4096 => ml.Transforms.CustomMapping(new EnsembleCombiner4096().GetMapping(), EnsembleBucketCombiner.ContractPrefix + "4096"),
        16384 => ml.Transforms.CustomMapping(new EnsembleCombiner16384().GetMapping(), EnsembleBucketCombiner.ContractPrefix + "16384"),
        65536 => ml.Transforms.CustomMapping(new EnsembleCombiner65536().GetMapping(), EnsembleBucketCombiner.ContractPrefix + "65536"),
        _ => throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "Not a bucket size."),
    };
}
