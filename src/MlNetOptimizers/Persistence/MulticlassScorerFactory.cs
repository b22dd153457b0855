using System.ComponentModel;
using Microsoft.ML.Transforms;

namespace MlNetOptimizers.Persistence;

/// <summary>Scores a row with a multiclass network. Part of the saved model format (versioned contract name).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class MulticlassScorerFactory : CustomMappingFactory<ScorerInput, MulticlassScorerOutput>
{
    /// <summary>The contract name recorded in model files.</summary>
    public const string ContractName = "MlNetOptimizers.MulticlassScorer.v1";

    /// <inheritdoc />
    public override Action<ScorerInput, MulticlassScorerOutput> GetMapping() => Map;

    [ThreadStatic] private static float[]? t_probabilities;

    private static void Map(ScorerInput input, MulticlassScorerOutput output)
    {
        var (model, predictor) = PredictorCache.For(input.Model);
        int k = model.ClassCount;
        if (t_probabilities is null || t_probabilities.Length != k)
        {
            t_probabilities = new float[k];
        }
        output.PredictedIndex = (uint)predictor.Predict(input.Features, t_probabilities);
        for (int i = 0; i < k; i++)
        {
            output.SetSlot(i, t_probabilities[i]);
        }
    }
}
