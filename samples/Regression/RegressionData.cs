using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Samples.Regression;

/// <summary>The sample's data sets: the regression suite's (shared/data/regression), and the two the project ships in data/.</summary>
internal static class RegressionData
{
    /// <summary>The named set, or null when its file is not there.</summary>
    public static QualityData? Load(string name)
    {
        if (RegressionSuite.Sets.Contains(name) && RegressionSuite.Load(name) is { } shared)
        {
            return shared;
        }
        return name is "concrete" or "diabetes" && DataFiles.ProjectOrNull(name + ".csv") is { } path
            ? QualityData.ReadCsv(name, path, hasHeader: true, regression: true)
            : null;
    }
}
