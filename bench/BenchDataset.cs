using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Bench;

/// <summary>A benchmark dataset: featurized, cached train and test views and the task.</summary>
internal sealed record PreparedData(IDataView Train, IDataView Test, bool Binary, int TrainRows, int Features);

/// <summary>The datasets of the benchmark, each prepared the same way for every trainer.</summary>
internal static class BenchDatasets
{
    public static readonly string[] Names = ["synthetic-10", "synthetic-2", "digits", "shuttle", "fashion-mnist"];

    /// <summary>Loads and prepares a dataset; null when its file is not beside the checkout.</summary>
    public static PreparedData? Load(MLContext ml, string name, bool quick)
    {
        int trainRows = quick ? 16_000 : 160_000, testRows = quick ? 4_000 : 40_000;
        (IDataView Train, IDataView Test)? split = name switch
        {
            "synthetic-10" => SplitSynthetic(ml, trainRows, testRows, classes: 10),
            "synthetic-2" => SplitSynthetic(ml, trainRows, testRows, classes: 2),
            "digits" => Split(ml, ClassificationSets.Digits(ml)),
            "shuttle" => BenchmarkSets.Shuttle(ml) is { } s ? Split(ml, s) : null,
            "fashion-mnist" => BenchmarkSets.FashionMnist(ml),
            _ => throw new ArgumentException($"Unknown dataset '{name}'. Known: {string.Join(", ", Names)}."),
        };
        if (split is not { } parts)
        {
            return null;
        }
        bool binary = name == "synthetic-2";
        IEstimator<ITransformer> prep = binary
            ? ml.Transforms.Conversion.ConvertType("Label", outputKind: DataKind.Boolean)
            : ml.Transforms.Conversion.MapValueToKey("Label");
        prep = prep.Append(name is "fashion-mnist" or "digits"
            ? ml.Transforms.NormalizeMinMax("Features")
            : ml.Transforms.NormalizeMeanVariance("Features"));
        var fitted = prep.Fit(parts.Train);
        var train = ml.Data.Cache(fitted.Transform(parts.Train));
        var test = ml.Data.Cache(fitted.Transform(parts.Test));
        int rows = Count(train);
        var featureType = (VectorDataViewType)train.Schema["Features"].Type;
        return new PreparedData(train, test, binary, rows, featureType.Size);
    }

    private static int Count(IDataView data)
    {
        int rows = 0;
        using var cursor = data.GetRowCursor([]);
        while (cursor.MoveNext())
        {
            rows++;
        }
        return rows;
    }

    private static (IDataView, IDataView) SplitSynthetic(MLContext ml, int trainRows, int testRows, int classes)
    {
        var all = BenchmarkSets.Synthetic(ml, trainRows + testRows, features: 100, classes, seed: 42);
        return (ml.Data.TakeRows(all, trainRows), ml.Data.SkipRows(all, trainRows));
    }

    private static (IDataView, IDataView) Split(MLContext ml, IDataView data)
    {
        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
        return (split.TrainSet, split.TestSet);
    }
}
