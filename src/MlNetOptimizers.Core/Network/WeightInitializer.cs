namespace MlNetOptimizers.Network;

/// <summary>
/// Initial parameters: zeros for the linear model (its loss is convex), He-uniform U(±√(6/fan_in)) for layers followed
/// by ReLU, Glorot-uniform U(±√(6/(fan_in + fan_out))) otherwise; biases start at zero. A k-member network draws each
/// member's head in turn from the same distribution and its input scales as random signs ±1 (TabM's "random-signs"), so
/// that members differ at first in their first layer's input and their heads.
/// </summary>
internal static class WeightInitializer
{
    public static float[] Initialize(NetworkArchitecture architecture, int seed)
    {
        var parameters = new float[architecture.ParameterCount];
        if (architecture.LayerCount == 1)
        {
            return parameters;
        }
        var random = new Random(seed);
        for (int l = 0; l < architecture.LayerCount; l++)
        {
            int fanIn = architecture.LayerSizes[l], fanOut = architecture.LayerSizes[l + 1];
            bool feedsRelu = l < architecture.LayerCount - 1 && architecture.Activation == Activation.Relu;
            double limit = feedsRelu ? Math.Sqrt(6.0 / fanIn) : Math.Sqrt(6.0 / (fanIn + fanOut));
            var weights = parameters.AsSpan(architecture.WeightOffset(l), fanIn * fanOut * architecture.WeightCopies(l));
            for (int i = 0; i < weights.Length; i++)
            {
                weights[i] = (float)((random.NextDouble() * 2 - 1) * limit);
            }
        }
        if (architecture.Members > 1)
        {
            var scales = parameters.AsSpan(architecture.InputScaleOffset, architecture.Members * architecture.InputSize);
            for (int i = 0; i < scales.Length; i++)
            {
                scales[i] = random.Next(2) == 0 ? -1f : 1f;
            }
        }
        return parameters;
    }
}
