namespace MlNetOptimizers.Persistence.Legacy;

/// <summary>The models of saved format 1 (a float vector per row) in the per-thread <see cref="PredictorCache"/>, recognised by the checksum and length in their header.</summary>
internal static class FormatOneCache
{
    public static (NeuralNetworkModel Model, NetworkPredictor Predictor) For(ReadOnlySpan<float> packed)
    {
        var (high, low) = ModelCodec.Identity(packed);
        var identity = new PredictorCache.Identity((high, low), 0, packed.Length);
        return PredictorCache.Find(identity) ?? PredictorCache.Add(identity, ModelCodec.Decode(packed));
    }
}
