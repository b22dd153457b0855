using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Datasets;

/// <summary>
/// The regression sets the project ships in <c>data/</c>, loaded as IDataViews with a <c>Features</c> vector and a Single
/// <c>Label</c> (see <c>data/README.md</c>).
/// </summary>
public static class RegressionSets
{
    /// <summary>Diabetes: 442 rows, 10 numeric features (age, sex, BMI, blood pressure, six serum measurements), label the progression after a year (25–346).</summary>
    public static IDataView Diabetes(MLContext ml) => Csv(ml, DataFiles.Project("diabetes.csv"), 10);

    /// <summary>Concrete: 1,030 rows, 8 numeric features (the mixture in kg/m³ and the age in days), label the compressive strength in MPa (2–83).</summary>
    public static IDataView Concrete(MLContext ml) => Csv(ml, DataFiles.Project("concrete.csv"), 8);

    private static IDataView Csv(MLContext ml, string path, int featureCount) =>
        ml.Data.LoadFromTextFile(path,
            [new TextLoader.Column("Features", DataKind.Single, 0, featureCount - 1), new TextLoader.Column("Label", DataKind.Single, featureCount)],
            separatorChar: ',', hasHeader: true);
}
