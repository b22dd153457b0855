using System.ComponentModel;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MlNetOptimizers.Persistence;

/// <summary>Output row of <see cref="BinaryScorerFactory"/>: ML.NET's binary classification columns.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class BinaryScorerOutput
{
    /// <summary>The logit.</summary>
    public float Score { get; set; }

    /// <summary>P(true) = σ(Score).</summary>
    public float Probability { get; set; }

    /// <summary>Probability &gt; 0.5.</summary>
    public bool PredictedLabel { get; set; }
}

/// <summary>Scores a row with a binary network. Part of the saved model format (versioned contract name).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class BinaryScorerFactory : CustomMappingFactory<ScorerInput, BinaryScorerOutput>
{
    /// <summary>The contract name recorded in model files.</summary>
    public const string ContractName = "MlNetOptimizers.BinaryScorer.v1";

    /// <inheritdoc />
    public override Action<ScorerInput, BinaryScorerOutput> GetMapping() => Map;

    private static void Map(ScorerInput input, BinaryScorerOutput output)
    {
        var (_, predictor) = PredictorCache.For(input.Model);
        Span<float> probability = stackalloc float[1];
        float logit = predictor.Predict(input.Features, probability);
        output.Score = logit;
        output.Probability = probability[0];
        output.PredictedLabel = logit > 0;
    }
}
