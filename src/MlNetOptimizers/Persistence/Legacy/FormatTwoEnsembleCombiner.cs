using System.ComponentModel;
using Microsoft.ML.Transforms;

namespace MlNetOptimizers.Persistence.Legacy;

/// <summary>Averages members' class probabilities for a multiclass ensemble saved in format 2.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class FormatTwoEnsembleMulticlassCombinerFactory : CustomMappingFactory<EnsembleCombinerInput, ClassSlotsRow>
{
    /// <summary>The contract name recorded in model files.</summary>
    public const string ContractName = SavedFormat.FormatTwoEnsembleMulticlassCombinerContract;

    /// <inheritdoc />
    public override Action<EnsembleCombinerInput, ClassSlotsRow> GetMapping() => Map;

    [ThreadStatic] private static float[]? t_average;

    private static void Map(EnsembleCombinerInput input, ClassSlotsRow output)
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
