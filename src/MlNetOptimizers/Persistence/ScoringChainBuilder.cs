using Microsoft.ML;

namespace MlNetOptimizers.Persistence;

/// <summary>
/// Builds the chain of public ML.NET transforms that scores with a trained network and that <c>Model.Save</c> can write
/// (saved format 4; its binary chain is format 3's): the network and its feature column ride in the file as the Base64
/// text value of a <c>MapValue</c> lookup (<see cref="SavedNetwork"/>), and the scoring code is found again at load through
/// versioned <c>CustomMapping</c> contract names. Files of formats 1, 2 and binary 3 still load through their own contracts.
/// </summary>
internal static class ScoringChainBuilder
{
    /// <summary>Binary: adds Score (logit), Probability and PredictedLabel (Boolean).</summary>
    public static ITransformer Binary(MLContext ml, NeuralNetworkModel model, string featureColumn, string labelColumn, IDataView fitData) =>
        WithScorer(ml, model, featureColumn, labelColumn, fitData,
            ml.Transforms.CustomMapping(new BinaryScorerFactory().GetMapping(), BinaryScorerFactory.ContractName));

    /// <summary>Regression: adds Score (the prediction, Single).</summary>
    public static ITransformer Regression(MLContext ml, NeuralNetworkModel model, string featureColumn, string labelColumn, IDataView fitData) =>
        WithScorer(ml, model, featureColumn, labelColumn, fitData,
            ml.Transforms.CustomMapping(new RegressionScorerFactory().GetMapping(), RegressionScorerFactory.ContractName));

    /// <summary>The network's lookup, then a scorer whose output columns are the model's, then the helper columns dropped.</summary>
    private static ITransformer WithScorer(MLContext ml, NeuralNetworkModel model, string featureColumn, string labelColumn, IDataView fitData,
        IEstimator<ITransformer> scorer)
    {
        var chain = Prefix(ml, model, featureColumn, labelColumn, fitData);
        chain.Fit(scorer);
        chain.Fit(ml.Transforms.DropColumns(ScoringColumns.ModelKey, ScoringColumns.Model, ScoringColumns.Features));
        return chain.Build();
    }

    /// <summary>
    /// Multiclass: adds Score (Vector&lt;Single, K&gt; of class probabilities) and PredictedLabel (a key type carrying the
    /// label's key values, so that <c>MapKeyToValue</c> works), for any K up to <see cref="ClassGroupsRow.MaxClasses"/>.
    /// </summary>
    public static ITransformer Multiclass(MLContext ml, NeuralNetworkModel model, string featureColumn, string labelColumn,
        LabelKeyValues labelValues, IDataView fitData)
    {
        var chain = Prefix(ml, model, featureColumn, labelColumn, fitData);
        chain.Fit(ml.Transforms.CustomMapping(new MulticlassScorerFactory().GetMapping(), MulticlassScorerFactory.ContractName));
        var groups = ClassGroupsRow.Columns(model.ClassCount);
        chain.Fit(ml.Transforms.Concatenate("Score", groups));
        labelValues.AppendPredictedLabel(chain);
        chain.Fit(ml.Transforms.DropColumns(
            [ScoringColumns.ModelKey, ScoringColumns.Model, ScoringColumns.Features, ScoringColumns.PredictedIndex, ScoringColumns.PredictedValue,
             .. ClassGroupsRow.AllColumns]));
        return chain.Build();
    }

    private static ChainBuilder Prefix(MLContext ml, NeuralNetworkModel model, string featureColumn, string labelColumn, IDataView fitData)
    {
        var chain = new ChainBuilder(ml, fitData);
        chain.Fit(ml.Transforms.CopyColumns(ScoringColumns.Features, featureColumn));
        chain.Fit(ml.Transforms.CustomMapping(new ModelKeyFactory().GetMapping(), ModelKeyFactory.ContractName));
        chain.Fit(ml.Transforms.Conversion.MapValue(ScoringColumns.Model,
            [new KeyValuePair<string, string>(ScoringColumns.ModelKeyValue, SavedNetwork.Encode(model, featureColumn, labelColumn))],
            ScoringColumns.ModelKey));
        return chain;
    }
}
