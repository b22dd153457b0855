using System.ComponentModel;
using Microsoft.ML.Transforms;

namespace MlNetOptimizers.Persistence;

/// <summary>The contract names of the bucketed multiclass scorers (saved format 3).</summary>
internal static class MulticlassBucketScorer
{
    /// <summary>Followed by the bucket size, e.g. <c>MlNetOptimizers.MulticlassScorer.v3.16</c>.</summary>
    public const string ContractPrefix = "MlNetOptimizers.MulticlassScorer.v3.";
}

/// <summary>Scores a row with a multiclass network into a bucket of <typeparamref name="TRow"/>'s size (saved format 3).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class MulticlassBucketScorer<TRow> : CustomMappingFactory<ScorerInput, TRow>
    where TRow : class, IBucketRow, new()
{
    /// <inheritdoc />
    public override Action<ScorerInput, TRow> GetMapping() => Map;

    private static void Map(ScorerInput input, TRow output)
    {
        var (model, predictor) = PredictorCache.For(input.Model, SavedNetworkModel);
        var slots = output.Slots;
        if (model.ClassCount > slots.Length)
        {
            throw new InvalidDataException($"{ModelFormat.Damaged}: a model of {model.ClassCount} classes is in a scorer of {slots.Length}.");
        }
        output.PredictedIndex = (uint)predictor.Predict(DenseValues.Features(input.Features), slots.AsSpan(0, model.ClassCount));
    }

    private static NeuralNetworkModel SavedNetworkModel(ReadOnlySpan<char> text) => SavedNetwork.Decode(text).Model;
}
