namespace MlNetOptimizers.Persistence;

/// <summary>
/// Names of the helper columns of the scoring chain. They are part of the saved model format: never rename them.
/// </summary>
internal static class ScoringColumns
{
    public const string ModelKey = "__MlNetOptimizers_ModelKey";
    public const string Model = "__MlNetOptimizers_Model";
    public const string Features = "__MlNetOptimizers_Features";
    public const string PredictedIndex = "__MlNetOptimizers_PredictedIndex";
    public const string PredictedValue = "__MlNetOptimizers_PredictedValue";
    public const string SlotPrefix = "__MlNetOptimizers_P";
    public const string ClassGroupPrefix = "__MlNetOptimizers_Classes";
    public const string EnsembleOutputs = "__MlNetOptimizers_EnsembleOutputs";
    public const string EnsembleMemberPrefix = "__MlNetOptimizers_Member";
    public const string EnsembleInputPrefix = "__MlNetOptimizers_Input_";

    /// <summary>The value of <see cref="ModelKey"/> on every row: the lookup key of the model vector.</summary>
    public const string ModelKeyValue = "model";

    public static string Slot(int i) => SlotPrefix + i.ToString("000");
}
