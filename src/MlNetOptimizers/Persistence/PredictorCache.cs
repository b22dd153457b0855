namespace MlNetOptimizers.Persistence;

/// <summary>
/// Every row of a scoring chain carries the same packed model vector; decoding it once per thread and comparing the
/// next rows' vectors against the decoded copy keeps scoring allocation-free.
/// </summary>
internal static class PredictorCache
{
    [ThreadStatic] private static float[]? t_packed;
    [ThreadStatic] private static NeuralNetworkModel? t_model;
    [ThreadStatic] private static NetworkPredictor? t_predictor;

    public static (NeuralNetworkModel Model, NetworkPredictor Predictor) For(float[] packed)
    {
        if (t_packed is null || !packed.AsSpan().SequenceEqual(t_packed))
        {
            t_model = ModelCodec.Decode(packed);
            t_predictor = t_model.CreatePredictor();
            t_packed = (float[])packed.Clone();
        }
        return (t_model!, t_predictor!);
    }
}
