using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Scoring;

namespace MlNetOptimizers.Models;

/// <summary>Rebuilds a transformer with each saved network scoring chain (format 3 or 4) replaced by the network's transformer.</summary>
internal static class NetworkRestorer
{
    public static ITransformer Restore(ITransformer model, DataViewSchema input)
    {
        if (NetworkLocator.Saved(model) is { FeatureColumn: { } feature, LabelColumn: { } label } saved)
        {
            // A classifier's PredictedLabel carries the label's key values, which the restored scorer keeps.
            var labelColumn = model.GetOutputSchema(input).GetColumnOrNull("PredictedLabel");
            var outputs = new ScoringOutputs(saved.Model, feature, labelColumn);
            var featureType = input.GetColumnOrNull(feature)?.Type ?? throw new ArgumentException(
                $"The feature column '{feature}' the network was trained on is not in the input schema.", nameof(input));
            var history = new TrainingHistory([], null, StopReason.MaxEpochs);
            return new NeuralNetworkPredictionTransformer(saved.Model, history, new Lazy<ITransformer>(model), outputs, featureType, label);
        }
        if (model is not IEnumerable<ITransformer> chain || model is EnsembleTransformer)
        {
            return model;
        }
        var steps = new List<ITransformer>();
        var schema = input;
        foreach (var step in chain)
        {
            var restored = Restore(step, schema);
            steps.Add(restored);
            schema = restored.GetOutputSchema(schema);
        }
        return new TransformerChain<ITransformer>([.. steps]);
    }
}
