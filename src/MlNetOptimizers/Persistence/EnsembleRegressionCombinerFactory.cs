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

    private static void Map(EnsembleCombinerInput input, RegressionScorerOutput output)
    {
        var weights = EnsembleWeights.Read(input.Model, input.Outputs.Length, classes: 1);
        float prediction = 0;
        for (int m = 0; m < weights.Length; m++)
        {
            prediction += weights[m] * input.Outputs[m]; // in float and in this order, as the exported ONNX graph sums
        }
        output.Score = prediction;
    }
}
