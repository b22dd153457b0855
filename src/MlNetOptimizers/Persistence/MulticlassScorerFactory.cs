using System.ComponentModel;
using Microsoft.ML.Transforms;

namespace MlNetOptimizers.Persistence;

/// <summary>Scores a row with a multiclass network. Part of the saved model format (versioned contract name).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class MulticlassScorerFactory : CustomMappingFactory<ScorerInput, MulticlassScorerOutput>
{
    /// <summary>The contract name recorded in model files of format 2 (the model as <c>ModelText</c>); read, no longer written.</summary>
    public const string ContractName = "MlNetOptimizers.MulticlassScorer.v2";

    /// <inheritdoc />
    public override Action<ScorerInput, MulticlassScorerOutput> GetMapping() =>
        (input, output) =>
        {
            var (model, predictor) = PredictorCache.For(input.Model, ModelText.Decode);
            output.Fill(model, predictor, DenseValues.Features(input.Features));
        };
}
