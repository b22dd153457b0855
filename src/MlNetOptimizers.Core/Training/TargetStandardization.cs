using MlNetOptimizers.Tasks;

namespace MlNetOptimizers.Training;

/// <summary>
/// Training on standardized labels, y' = (y − μ)/σ (<see cref="LabelScale"/>), so that prices in the 100,000s and yields
/// near 1e-3 train alike; afterwards the map is folded into the output layer, <c>W_L ← σ·W_L</c>, <c>b_L ← σ·b_L + μ</c>,
/// so the model predicts the label's own units (a constant label's deviation of 0 leaves W_L = 0 and b_L = μ).
/// </summary>
internal static class TargetStandardization
{
    /// <summary>Standardizes <paramref name="labels"/> in place.</summary>
    public static void Apply(LabelScale scale, Span<float> labels)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = (float)((labels[i] - scale.Mean) / scale.Divisor);
        }
    }

    /// <summary>Turns parameters that predict standardized labels into parameters that predict the labels' units.</summary>
    public static void FoldInto(LabelScale scale, NetworkArchitecture architecture, Span<float> parameters)
    {
        Span<float> weights = Weights(architecture, parameters), biases = Biases(architecture, parameters);
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(weights[i] * scale.Deviation);
        }
        for (int o = 0; o < biases.Length; o++)
        {
            biases[o] = (float)(biases[o] * scale.Deviation + scale.Mean);
        }
    }

    /// <summary>The inverse of <see cref="FoldInto"/>, so that training can continue from a model.</summary>
    public static void UnfoldFrom(LabelScale scale, NetworkArchitecture architecture, Span<float> parameters)
    {
        Span<float> weights = Weights(architecture, parameters), biases = Biases(architecture, parameters);
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(weights[i] / scale.Divisor);
        }
        for (int o = 0; o < biases.Length; o++)
        {
            biases[o] = (float)((biases[o] - scale.Mean) / scale.Divisor);
        }
    }

    private static Span<float> Weights(NetworkArchitecture a, Span<float> parameters) =>
        parameters.Slice(a.WeightOffset(a.LayerCount - 1), a.LayerSizes[a.LayerCount - 1] * a.OutputSize * a.WeightCopies(a.LayerCount - 1));

    private static Span<float> Biases(NetworkArchitecture a, Span<float> parameters) => parameters.Slice(a.BiasOffset(a.LayerCount - 1), a.OutputSize * a.BiasCopies(a.LayerCount - 1));
}
