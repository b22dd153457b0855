using System.ComponentModel;
using Microsoft.ML.Transforms;

namespace MlNetOptimizers.Persistence;

/// <summary>
/// Scores a row with a multiclass network of any number of classes into the power-of-two groups of
/// <see cref="ClassGroupsRow"/> (saved format 4). Part of the saved model format (versioned contract name).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class MulticlassScorerFactory : CustomMappingFactory<ScorerInput, ClassGroupsRow>
{
    /// <summary>The contract name recorded in model files of format 4.</summary>
    public const string ContractName = SavedFormat.MulticlassScorerContract;

    /// <inheritdoc />
    public override Action<ScorerInput, ClassGroupsRow> GetMapping() => Map;

    private static void Map(ScorerInput input, ClassGroupsRow output)
    {
        var predictor = SavedNetwork.Row(input, out var model, out var features);
        output.PredictedIndex = (uint)predictor.Predict(features, output.Probabilities(model.ClassCount));
        output.Spread();
    }
}
