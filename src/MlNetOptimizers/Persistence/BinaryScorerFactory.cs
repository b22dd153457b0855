using System.ComponentModel;
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

    internal void Fill(NetworkPredictor predictor, ReadOnlySpan<float> features)
    {
        Span<float> logit = stackalloc float[1];
        Span<float> probability = stackalloc float[1];
        PredictedLabel = predictor.Predict(features, logit, probability) == 1;
        Score = logit[0];
        Probability = probability[0];
    }
}

/// <summary>Scores a row with a binary network. Part of the saved model format (versioned contract name).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class BinaryScorerFactory : CustomMappingFactory<ScorerInput, BinaryScorerOutput>
{
    /// <summary>The contract name recorded in model files of format 2 (the model as <c>ModelText</c>); read, no longer written.</summary>
    public const string ContractName = "MlNetOptimizers.BinaryScorer.v2";

    /// <inheritdoc />
    public override Action<ScorerInput, BinaryScorerOutput> GetMapping() =>
        (input, output) => output.Fill(PredictorCache.For(input.Model, ModelText.Decode).Predictor, DenseValues.Features(input.Features));
}

/// <summary>Scores a row with a binary network saved in format 3 (<c>SavedNetwork</c> text). Part of the saved model format.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class BinaryScorerV3Factory : CustomMappingFactory<ScorerInput, BinaryScorerOutput>
{
    /// <summary>The contract name recorded in model files (formats 3 and 4).</summary>
    public const string ContractName = "MlNetOptimizers.BinaryScorer.v3";

    /// <inheritdoc />
    public override Action<ScorerInput, BinaryScorerOutput> GetMapping() =>
        (input, output) =>
        {
            var (model, predictor) = PredictorCache.For(input.Model, Decode);
            output.Fill(predictor, SavedNetwork.CheckedFeatures(input, model));
        };

    private static NeuralNetworkModel Decode(ReadOnlySpan<char> text) => SavedNetwork.Decode(text).Model;
}
