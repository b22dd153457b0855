using System.ComponentModel;
using Microsoft.ML.Transforms;

namespace MlNetOptimizers.Persistence;

/// <summary>Scores a row with a binary network saved as a <see cref="SavedNetwork"/> payload (formats 3 and 4). Part of the saved model format.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class BinaryScorerFactory : CustomMappingFactory<ScorerInput, BinaryScorerOutput>
{
    /// <summary>The contract name recorded in model files (formats 3 and 4).</summary>
    public const string ContractName = SavedFormat.BinaryScorerContract;

    /// <inheritdoc />
    public override Action<ScorerInput, BinaryScorerOutput> GetMapping() => Map;

    private static void Map(ScorerInput input, BinaryScorerOutput output)
    {
        var predictor = SavedNetwork.Row(input, out _, out var features);
        output.Fill(predictor, features);
    }
}
