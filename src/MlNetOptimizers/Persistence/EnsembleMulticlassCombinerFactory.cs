using System.ComponentModel;
using Microsoft.ML.Transforms;

namespace MlNetOptimizers.Persistence;

/// <summary>
/// Averages members' class probabilities for a multiclass ensemble of any number of classes into the power-of-two groups
/// of <see cref="ClassGroupsRow"/> (saved format 4). Part of the saved model format.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class EnsembleMulticlassCombinerFactory : CustomMappingFactory<EnsembleCombinerInput, ClassGroupsRow>
{
    /// <summary>The contract name recorded in model files of format 4.</summary>
    public const string ContractName = SavedFormat.EnsembleMulticlassCombinerContract;

    /// <inheritdoc />
    public override Action<EnsembleCombinerInput, ClassGroupsRow> GetMapping() => Map;

    private static void Map(EnsembleCombinerInput input, ClassGroupsRow output)
    {
        int classes = input.Model.Length > 1 ? (int)input.Model[1] : 0;
        output.PredictedIndex = (uint)EnsembleWeights.Average(input.Model, input.Outputs, output.Probabilities(classes));
        output.Spread();
    }
}
