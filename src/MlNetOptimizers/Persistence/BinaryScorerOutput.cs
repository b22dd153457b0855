using System.ComponentModel;

namespace MlNetOptimizers.Persistence;

/// <summary>Output row of the binary scorers and the binary ensemble combiner: ML.NET's binary classification columns.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class BinaryScorerOutput
{
    /// <summary>The logit.</summary>
    public float Score { get; set; }

    /// <summary>P(true) = σ(Score).</summary>
    public float Probability { get; set; }

    /// <summary>Probability &gt; 0.5.</summary>
    public bool PredictedLabel { get; set; }

    internal void Fill(NetworkPredictor predictor, Network.FeatureVector features)
    {
        Span<float> logit = stackalloc float[1];
        Span<float> probability = stackalloc float[1];
        PredictedLabel = predictor.Predict(features, logit, probability) == 1;
        Score = logit[0];
        Probability = probability[0];
    }
}
