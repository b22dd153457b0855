using System.ComponentModel;
using Microsoft.ML.Transforms;

namespace MlNetOptimizers.Persistence;

/// <summary>The contract names of the bucketed multiclass ensemble combiners.</summary>
internal static class EnsembleBucketCombiner
{
    /// <summary>Followed by the bucket size, e.g. <c>MlNetOptimizers.EnsembleMulticlassCombiner.v2.16</c>.</summary>
    public const string ContractPrefix = "MlNetOptimizers.EnsembleMulticlassCombiner.v2.";
}

/// <summary>Averages members' class probabilities into a bucket of <typeparamref name="TRow"/>'s size.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class EnsembleBucketCombiner<TRow> : CustomMappingFactory<EnsembleCombinerInput, TRow>
    where TRow : class, IBucketRow, new()
{
    /// <inheritdoc />
    public override Action<EnsembleCombinerInput, TRow> GetMapping() => Map;

    private static void Map(EnsembleCombinerInput input, TRow output) =>
        output.PredictedIndex = (uint)EnsembleWeights.Average(input.Model, input.Outputs, output.Slots);
}
