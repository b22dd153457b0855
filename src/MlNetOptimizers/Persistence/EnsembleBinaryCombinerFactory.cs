using System.ComponentModel;
using Microsoft.ML.Transforms;
using MlNetOptimizers.Tasks;

namespace MlNetOptimizers.Persistence;

/// <summary>Averages members' probabilities for a binary ensemble. Part of the saved model format (versioned contract).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class EnsembleBinaryCombinerFactory : CustomMappingFactory<EnsembleCombinerInput, BinaryScorerOutput>
{
    /// <summary>The contract name recorded in model files.</summary>
    public const string ContractName = SavedFormat.EnsembleBinaryCombinerContract;

    /// <inheritdoc />
    public override Action<EnsembleCombinerInput, BinaryScorerOutput> GetMapping() => Map;

    private static void Map(EnsembleCombinerInput input, BinaryScorerOutput output)
    {
        float p = EnsembleWeights.WeightedSum(input.Model, input.Outputs);
        // In float and in this order, as the exported ONNX graph computes it: Clip, then Log(c / (1 − c)).
        float probability = Math.Clamp(p, 0f, 1f);
        float clamped = Math.Clamp(p, BinaryTask.ProbabilityClamp, 1 - BinaryTask.ProbabilityClamp);
        output.Probability = probability;
        output.Score = MathF.Log(clamped / (1 - clamped)); // the logit of the averaged probability
        output.PredictedLabel = probability > 0.5f;
    }
}
