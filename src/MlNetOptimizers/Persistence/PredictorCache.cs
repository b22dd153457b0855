namespace MlNetOptimizers.Persistence;

/// <summary>
/// Every row of a scoring chain carries the same packed model vector; it is decoded once per thread and recognised on
/// later rows by its stored checksum and length, so that scoring does not decode per row.
/// </summary>
internal static class PredictorCache
{
    [ThreadStatic] private static (float High, float Low, int Length) t_identity;
    [ThreadStatic] private static NeuralNetworkModel? t_model;
    [ThreadStatic] private static NetworkPredictor? t_predictor;

    public static (NeuralNetworkModel Model, NetworkPredictor Predictor) For(float[] packed)
    {
        var (high, low) = ModelCodec.Identity(packed);
        var identity = (high, low, packed.Length);
        if (t_model is null || identity != t_identity)
        {
            t_model = ModelCodec.Decode(packed);
            t_predictor = t_model.CreatePredictor();
            t_identity = identity;
        }
        return (t_model, t_predictor!);
    }
}
