using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MlNetOptimizers.Persistence;
using MlNetOptimizers.Persistence.Legacy;

namespace MlNetOptimizers.Models;

/// <summary>
/// Finds the networks of this library inside any transformer: trained ones, the ones in fitted chains, and the saved
/// scoring chains that <c>mlContext.Model.Load</c> returns, whose network rides as the value of a <c>MapValue</c> lookup.
/// </summary>
internal static class NetworkLocator
{
    /// <summary>A network found: the model, the columns it was trained on (when known), and the transformer that holds it.</summary>
    public sealed record Found(NeuralNetworkModel Model, string? FeatureColumn, string? LabelColumn, ITransformer Holder);

    public static List<Found> Find(ITransformer transformer)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        var found = new List<Found>();
        Visit(transformer, found);
        return found;
    }

    /// <summary>The network in a saved scoring chain (a chain with the network's lookup among its own steps), or null.</summary>
    public static Found? Saved(ITransformer transformer)
    {
        if (transformer is not IEnumerable<ITransformer> chain)
        {
            return null;
        }
        foreach (var step in chain.OfType<ValueMappingTransformer>())
        {
            if (Payload(step) is { } found)
            {
                return found with { Holder = transformer };
            }
        }
        return null;
    }

    private static void Visit(ITransformer transformer, List<Found> found)
    {
        switch (transformer)
        {
            case NeuralNetworkPredictionTransformer trained:
                found.Add(new Found(trained.Model, trained.FeatureColumnName, trained.LabelColumnName, trained));
                return;
            case EnsembleTransformer ensemble:
                foreach (var member in ensemble.Members)
                {
                    Visit(member.Model, found);
                }
                return;
            case IEnumerable<ITransformer> chain:
                if (Saved(transformer) is { } saved)
                {
                    found.Add(saved);
                    return;
                }
                foreach (var step in chain)
                {
                    Visit(step, found);
                }
                return;
        }
    }

    /// <summary>Runs the lookup on one row with the model key and reads what it attaches: a network of any saved format, or null.</summary>
    private static Found? Payload(ValueMappingTransformer lookup)
    {
        var ml = new MLContext();
        IDataView row = ml.Data.LoadFromEnumerable([new KeyRow()]);
        try
        {
            row = lookup.Transform(row);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null; // a lookup of the user's pipeline: it reads another column
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        if (row.Schema.GetColumnOrNull(ScoringColumns.Model) is not { } column)
        {
            return null;
        }
        if (column.Type is TextDataViewType)
        {
            string text = row.GetColumn<string>(column).Single();
            if (SavedNetwork.IsPayload(text))
            {
                var contents = SavedNetwork.Decode(text);
                return new Found(contents.Model, contents.FeatureColumn, contents.LabelColumn, lookup);
            }
            return new Found(ModelText.Decode(text), null, null, lookup); // format 2
        }
        var packed = row.GetColumn<float[]>(column).Single();
        return ModelCodec.IsModel(packed) ? new Found(ModelCodec.Decode(packed), null, null, lookup) : null; // format 1, or an ensemble's weights
    }

    private sealed class KeyRow
    {
        [ColumnName(ScoringColumns.ModelKey)] public string Key { get; set; } = ScoringColumns.ModelKeyValue;
    }
}
