namespace MlNetOptimizers.Persistence;

/// <summary>The packed weights of an ensemble: [member count, class count, weight…].</summary>
internal static class EnsembleWeights
{
    public static float[] Pack(IReadOnlyList<float> weights, int classes) => [weights.Count, classes, .. weights];

    public static ReadOnlySpan<float> Read(float[] packed, int outputs, int classes)
    {
        if (packed.Length < 3 || packed[0] * Math.Max(classes, 1) != outputs || packed.Length != 2 + (int)packed[0] || (int)packed[1] != classes)
        {
            throw new InvalidDataException(
                "The MlNetOptimizers ensemble inside this file is corrupt: its weights do not match its members' outputs.");
        }
        return packed.AsSpan(2);
    }

    /// <summary>
    /// The weighted sum of one output per member (a binary probability, a regression prediction), in float and in member
    /// order, as the exported ONNX graph sums them.
    /// </summary>
    public static float WeightedSum(float[] packed, float[] outputs)
    {
        var weights = Read(packed, outputs.Length, classes: 1);
        float sum = 0;
        for (int m = 0; m < weights.Length; m++)
        {
            sum += weights[m] * outputs[m];
        }
        return sum;
    }

    /// <summary>
    /// The weighted average of the members' class probabilities (member after member in <paramref name="outputs"/>) into
    /// the first K slots of <paramref name="average"/>; returns the index of the largest (the first of equals).
    /// </summary>
    public static int Average(float[] packed, float[] outputs, Span<float> average)
    {
        int members = (int)packed[0], classes = (int)packed[1];
        var weights = Read(packed, outputs.Length, classes);
        if (average.Length < classes)
        {
            throw new InvalidDataException("The MlNetOptimizers ensemble inside this file is corrupt: it has more classes than its scorer.");
        }
        int best = 0;
        for (int c = 0; c < classes; c++)
        {
            float sum = 0;
            for (int m = 0; m < members; m++)
            {
                sum += weights[m] * outputs[m * classes + c];
            }
            average[c] = sum;
            if (sum > average[best])
            {
                best = c;
            }
        }
        return best;
    }
}
