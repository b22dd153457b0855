using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Persistence;

/// <summary>
/// Builds the chain of public ML.NET transforms that scores with a trained network and that <c>Model.Save</c> can write:
/// the packed parameters ride in the file as the (Base64 text) value of a <c>MapValue</c> lookup, and the scoring code is
/// found again at load through versioned <c>CustomMapping</c> contract names. This is saved format 2; format-1 files
/// (parameters as a float vector) still load through <see cref="FormatOneBinaryScorerFactory"/> and its sibling.
/// </summary>
internal static class ScoringChainBuilder
{
    /// <summary>Binary: adds Score (logit), Probability and PredictedLabel (Boolean).</summary>
    public static ITransformer Binary(MLContext ml, NeuralNetworkModel model, string featureColumn, IDataView fitData)
    {
        var chain = Prefix(ml, model, featureColumn)
            .Append<ITransformer>(ml.Transforms.CustomMapping(new BinaryScorerFactory().GetMapping(), BinaryScorerFactory.ContractName))
            .Append<ITransformer>(ml.Transforms.DropColumns(ScoringColumns.ModelKey, ScoringColumns.Model, ScoringColumns.Features));
        return chain.Fit(fitData);
    }

    /// <summary>
    /// Multiclass: adds Score (Vector&lt;Single, K&gt; of class probabilities) and PredictedLabel (a key type carrying the
    /// label's key values, so that <c>MapKeyToValue</c> works).
    /// </summary>
    public static ITransformer Multiclass(MLContext ml, NeuralNetworkModel model, string featureColumn,
        LabelKeyValues labelValues, IDataView fitData)
    {
        int k = model.ClassCount;
        if (k > MulticlassScorerOutput.MaxClasses)
        {
            throw new NotSupportedException(
                $"The label has {k} classes; models with more than {MulticlassScorerOutput.MaxClasses} classes are not supported.");
        }
        var slots = Enumerable.Range(0, MulticlassScorerOutput.MaxClasses).Select(ScoringColumns.Slot).ToArray();
        var scored = Prefix(ml, model, featureColumn)
            .Append<ITransformer>(ml.Transforms.CustomMapping(new MulticlassScorerFactory().GetMapping(), MulticlassScorerFactory.ContractName))
            .Append<ITransformer>(ml.Transforms.Concatenate("Score", slots[..k]));
        var labeled = labelValues.AppendPredictedLabel(ml, scored);
        var chain = labeled.Append<ITransformer>(ml.Transforms.DropColumns(
            [ScoringColumns.ModelKey, ScoringColumns.Model, ScoringColumns.Features, ScoringColumns.PredictedIndex,
             ScoringColumns.PredictedValue, .. slots]));
        return chain.Fit(fitData);
    }

    private static EstimatorChain<ITransformer> Prefix(MLContext ml, NeuralNetworkModel model, string featureColumn) =>
        new EstimatorChain<ITransformer>()
            .Append<ITransformer>(ml.Transforms.CopyColumns(ScoringColumns.Features, featureColumn))
            .Append<ITransformer>(ml.Transforms.CustomMapping(new ModelKeyFactory().GetMapping(), ModelKeyFactory.ContractName))
            .Append<ITransformer>(ml.Transforms.Conversion.MapValue(ScoringColumns.Model,
                [new KeyValuePair<string, string>(ScoringColumns.ModelKeyValue, ModelText.Encode(model))],
                ScoringColumns.ModelKey));
}
