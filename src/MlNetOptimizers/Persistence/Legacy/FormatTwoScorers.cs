using System.ComponentModel;
using Microsoft.ML.Transforms;

namespace MlNetOptimizers.Persistence.Legacy;

// Saved format 2 (2026-11-25) carried the network as the Base64 text of the float vector (ModelText); these scorers
// stay so that such files still load. Their contract names are recorded in those files: never rename or remove them.

/// <summary>Scores a row with a binary network saved in format 2.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class FormatTwoBinaryScorerFactory : CustomMappingFactory<ScorerInput, BinaryScorerOutput>
{
    /// <summary>The contract name recorded in model files of format 2.</summary>
    public const string ContractName = SavedFormat.FormatTwoBinaryScorerContract;

    /// <inheritdoc />
    public override Action<ScorerInput, BinaryScorerOutput> GetMapping() =>
        (input, output) => output.Fill(PredictorCache.For(input.Model, ModelText.Decode).Predictor, DenseValues.Features(input.Features));
}

/// <summary>Scores a row with a multiclass network saved in format 2.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class FormatTwoMulticlassScorerFactory : CustomMappingFactory<ScorerInput, ClassSlotsRow>
{
    /// <summary>The contract name recorded in model files of format 2.</summary>
    public const string ContractName = SavedFormat.FormatTwoMulticlassScorerContract;

    /// <inheritdoc />
    public override Action<ScorerInput, ClassSlotsRow> GetMapping() =>
        (input, output) =>
        {
            var (model, predictor) = PredictorCache.For(input.Model, ModelText.Decode);
            output.Fill(model, predictor, DenseValues.Features(input.Features));
        };
}
