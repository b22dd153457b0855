namespace MlNetOptimizers.Datasets;

/// <summary>
/// The regression suite of <c>shared/notes/regression-and-text.md</c>: five real data sets of <c>shared/data/regression</c>
/// (label = last column), split by the quality suite's rule (<see cref="QualitySuite.IsTestRow"/>) and featurized the same
/// way (<see cref="QualityData.Featurizer"/>), the label loaded as Single.
/// </summary>
public static class RegressionSuite
{
    /// <summary>The data sets, in the note's order.</summary>
    public static IReadOnlyList<string> Sets { get; } = ["ames", "concrete", "car_prices", "stackoverflow", "diabetes"];

    /// <summary>Reads a data set of <see cref="Sets"/> from <c>shared/data/regression</c>; null when that folder is absent.</summary>
    public static QualityData? Load(string name)
    {
        if (!Sets.Contains(name))
        {
            throw new ArgumentException($"No regression data set '{name}'; the sets are {string.Join(", ", Sets)}.", nameof(name));
        }
        return DataFiles.Shared(Path.Combine("regression", name + ".csv")) is { } path
            ? QualityData.ReadCsv(name, path, hasHeader: true, regression: true)
            : null;
    }
}
