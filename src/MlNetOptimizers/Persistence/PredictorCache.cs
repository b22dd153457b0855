namespace MlNetOptimizers.Persistence;

/// <summary>
/// Every row of a scoring chain carries the same packed model; it is decoded once per thread and recognised on later
/// rows by its stored checksum and length, so that scoring does not decode per row. A thread keeps several models,
/// because a loaded ensemble scores each row with all its members in turn.
/// </summary>
internal static class PredictorCache
{
    private const int Capacity = 16;

    [ThreadStatic] private static Entry[]? t_entries;
    [ThreadStatic] private static int t_nextVictim;

    /// <summary>A model packed as floats (saved format 1).</summary>
    public static (NeuralNetworkModel Model, NetworkPredictor Predictor) For(ReadOnlySpan<float> packed)
    {
        var (high, low) = ModelCodec.Identity(packed);
        var identity = (high, low, packed.Length);
        return Find(identity) ?? Add(identity, ModelCodec.Decode(packed));
    }

    /// <summary>A model packed as Base64 text (saved format 2).</summary>
    public static (NeuralNetworkModel Model, NetworkPredictor Predictor) For(ReadOnlySpan<char> text)
    {
        var identity = ModelText.Identity(text);
        return Find(identity) ?? Add(identity, ModelText.Decode(text));
    }

    private static (NeuralNetworkModel, NetworkPredictor)? Find((float, float, int) identity)
    {
        var entries = t_entries;
        if (entries is null)
        {
            return null;
        }
        foreach (var entry in entries)
        {
            if (entry is not null && entry.Identity == identity)
            {
                return (entry.Model, entry.Predictor);
            }
        }
        return null;
    }

    private static (NeuralNetworkModel, NetworkPredictor) Add((float, float, int) identity, NeuralNetworkModel model)
    {
        var entries = t_entries ??= new Entry[Capacity];
        var entry = new Entry(identity, model, model.CreatePredictor());
        entries[t_nextVictim] = entry;
        t_nextVictim = (t_nextVictim + 1) % Capacity;
        return (entry.Model, entry.Predictor);
    }

    private sealed record Entry((float, float, int) Identity, NeuralNetworkModel Model, NetworkPredictor Predictor);
}
