using System.ComponentModel;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MlNetOptimizers.Persistence;

/// <summary>Input row of the ensemble combiners: the members' outputs side by side and the packed weights.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class EnsembleCombinerInput
{
    /// <summary>Binary: one probability per member. Multiclass: K class probabilities per member, member after member.</summary>
    [ColumnName(ScoringColumns.EnsembleOutputs)] public float[] Outputs { get; set; } = [];

    /// <summary>[member count, class count, weight…] with weights summing to 1.</summary>
    [ColumnName(ScoringColumns.Model)] public float[] Model { get; set; } = [];
}

/// <summary>Averages members' probabilities for a binary ensemble. Part of the saved model format (versioned contract).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class EnsembleBinaryCombinerFactory : CustomMappingFactory<EnsembleCombinerInput, BinaryScorerOutput>
{
    /// <summary>The contract name recorded in model files.</summary>
    public const string ContractName = "MlNetOptimizers.EnsembleBinaryCombiner.v1";

    /// <inheritdoc />
    public override Action<EnsembleCombinerInput, BinaryScorerOutput> GetMapping() => Map;

    private static void Map(EnsembleCombinerInput input, BinaryScorerOutput output)
    {
        var weights = EnsembleWeights.Read(input.Model, input.Outputs.Length, classes: 1);
        double p = 0;
        for (int m = 0; m < weights.Length; m++)
        {
            p += weights[m] * input.Outputs[m];
        }
        float probability = (float)Math.Clamp(p, 0, 1);
        double clamped = Math.Clamp(p, 1e-7, 1 - 1e-7);
        output.Probability = probability;
        output.Score = (float)Math.Log(clamped / (1 - clamped)); // the logit of the averaged probability
        output.PredictedLabel = probability > 0.5f;
    }
}

/// <summary>Averages members' class probabilities for a multiclass ensemble. Part of the saved model format.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class EnsembleMulticlassCombinerFactory : CustomMappingFactory<EnsembleCombinerInput, MulticlassScorerOutput>
{
    /// <summary>The contract name recorded in model files.</summary>
    public const string ContractName = "MlNetOptimizers.EnsembleMulticlassCombiner.v1";

    /// <inheritdoc />
    public override Action<EnsembleCombinerInput, MulticlassScorerOutput> GetMapping() => Map;

    private static void Map(EnsembleCombinerInput input, MulticlassScorerOutput output)
    {
        int members = (int)input.Model[0], classes = (int)input.Model[1];
        var weights = EnsembleWeights.Read(input.Model, input.Outputs.Length, classes);
        int best = 0;
        float bestValue = float.NegativeInfinity;
        for (int c = 0; c < classes; c++)
        {
            double sum = 0;
            for (int m = 0; m < members; m++)
            {
                sum += weights[m] * input.Outputs[m * classes + c];
            }
            output.SetSlot(c, (float)sum);
            if (sum > bestValue)
            {
                bestValue = (float)sum;
                best = c;
            }
        }
        output.PredictedIndex = (uint)best;
    }
}

/// <summary>The packed weights of an ensemble: [member count, class count, weight…].</summary>
internal static class EnsembleWeights
{
    public static float[] Pack(IReadOnlyList<float> weights, int classes) => [weights.Count, classes, .. weights];

    public static ReadOnlySpan<float> Read(float[] packed, int outputs, int classes)
    {
        if (packed.Length < 3 || packed[0] * Math.Max(classes, 1) != outputs || packed.Length != 2 + (int)packed[0] || (int)packed[1] != classes)
        {
            throw new InvalidDataException(
                "The MlNetOptimizers ensemble inside this file is corrupt: its weights do not match its members' outputs.");
        }
        return packed.AsSpan(2);
    }
}
