using System.ComponentModel;
using Microsoft.ML.Transforms;

namespace MlNetOptimizers.Persistence;

/// <summary>The weighted mean of members' predictions for a regression ensemble. Part of the saved model format (versioned contract).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class EnsembleRegressionCombinerFactory : CustomMappingFactory<EnsembleCombinerInput, RegressionScorerOutput>
{
    /// <summary>The contract name recorded in model files.</summary>
    public const string ContractName = SavedFormat.EnsembleRegressionCombinerContract;

    /// <inheritdoc />
    public override Action<EnsembleCombinerInput, RegressionScorerOutput> GetMapping() => Map;

    private static void Map(EnsembleCombinerInput input, RegressionScorerOutput output) =>
        output.Score = EnsembleWeights.WeightedSum(input.Model, input.Outputs);
}
