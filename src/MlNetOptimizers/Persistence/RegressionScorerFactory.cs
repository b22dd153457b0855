using System.ComponentModel;
using Microsoft.ML.Transforms;

namespace MlNetOptimizers.Persistence;

/// <summary>Output row of the regression scorer and the regression ensemble combiner: ML.NET's regression column.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RegressionScorerOutput
{
    /// <summary>The prediction, in the label's units.</summary>
    public float Score { get; set; }
}

/// <summary>Scores a row with a regression network saved as a <see cref="SavedNetwork"/> payload. Part of the saved model format.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class RegressionScorerFactory : CustomMappingFactory<ScorerInput, RegressionScorerOutput>
{
    /// <summary>The contract name recorded in model files.</summary>
    public const string ContractName = SavedFormat.RegressionScorerContract;

    /// <inheritdoc />
    public override Action<ScorerInput, RegressionScorerOutput> GetMapping() => Map;

    private static void Map(ScorerInput input, RegressionScorerOutput output)
    {
        var predictor = SavedNetwork.Row(input, out _, out var features);
        Span<float> prediction = stackalloc float[1];
        predictor.Predict(features, prediction);
        output.Score = prediction[0];
    }
}
