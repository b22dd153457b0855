using System.ComponentModel;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MlNetOptimizers.Tasks;

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
        float p = 0;
        for (int m = 0; m < weights.Length; m++)
        {
            p += weights[m] * input.Outputs[m];
        }
        // In float and in this order, as the exported ONNX graph computes it: Clip, then Log(c / (1 − c)).
        float probability = Math.Clamp(p, 0f, 1f);
        float clamped = Math.Clamp(p, BinaryTask.ProbabilityClamp, 1 - BinaryTask.ProbabilityClamp);
        output.Probability = probability;
        output.Score = MathF.Log(clamped / (1 - clamped)); // the logit of the averaged probability
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

    [ThreadStatic] private static float[]? t_average;

    private static void Map(EnsembleCombinerInput input, MulticlassScorerOutput output)
    {
        int classes = (int)input.Model[1];
        if (t_average is null || t_average.Length < classes)
        {
            t_average = new float[classes];
        }
        output.PredictedIndex = (uint)EnsembleWeights.Average(input.Model, input.Outputs, t_average.AsSpan(0, classes));
        for (int c = 0; c < classes; c++)
        {
            output.SetSlot(c, t_average[c]);
        }
    }
}

/// <summary>
/// Averages members' class probabilities for a multiclass ensemble of any number of classes into the power-of-two groups
/// of <see cref="ClassGroupsRow"/> (saved format 4). Part of the saved model format.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class EnsembleMulticlassCombinerV3Factory : CustomMappingFactory<EnsembleCombinerInput, ClassGroupsRow>
{
    /// <summary>The contract name recorded in model files of format 4.</summary>
    public const string ContractName = "MlNetOptimizers.EnsembleMulticlassCombiner.v3";

    /// <inheritdoc />
    public override Action<EnsembleCombinerInput, ClassGroupsRow> GetMapping() => Map;

    private static void Map(EnsembleCombinerInput input, ClassGroupsRow output)
    {
        int classes = input.Model.Length > 1 ? (int)input.Model[1] : 0;
        output.PredictedIndex = (uint)EnsembleWeights.Average(input.Model, input.Outputs, output.Probabilities(classes));
        output.Spread();
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

    /// <summary>
    /// The weighted average of the members' class probabilities (member after member in <paramref name="outputs"/>) into
    /// the first K slots of <paramref name="average"/>; returns the index of the largest (the first of equals).
    /// </summary>
    public static int Average(float[] packed, float[] outputs, Span<float> average)
    {
        int members = (int)packed[0], classes = (int)packed[1];
        var weights = Read(packed, outputs.Length, classes);
        if (average.Length < classes)
        {
            throw new InvalidDataException("The MlNetOptimizers ensemble inside this file is corrupt: it has more classes than its scorer.");
        }
        int best = 0;
        for (int c = 0; c < classes; c++)
        {
            float sum = 0;
            for (int m = 0; m < members; m++)
            {
                sum += weights[m] * outputs[m * classes + c];
            }
            average[c] = sum;
            if (sum > average[best])
            {
                best = c;
            }
        }
        return best;
    }
}
