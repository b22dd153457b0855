using System.Numerics.Tensors;

namespace MlNetOptimizers;

/// <summary>
/// L2 weight decay folded into the gradient, as PyTorch's <c>weight_decay</c> does for SGD, Adagrad, RMSprop and Adam:
/// <c>g' = g + weightDecay * θ</c>.
/// </summary>
internal static class CoupledWeightDecay
{
    /// <summary>Returns <paramref name="gradients"/> itself when there is no decay, else <paramref name="scratch"/> filled with g + wd·θ.</summary>
    public static ReadOnlySpan<float> Apply(
        ReadOnlySpan<float> gradients, ReadOnlySpan<float> parameters, float weightDecay, Span<float> scratch)
    {
        if (weightDecay == 0)
        {
            return gradients;
        }
        TensorPrimitives.MultiplyAdd(parameters, weightDecay, gradients, scratch);
        return scratch;
    }

    /// <summary>A scratch buffer of the right length when decay is on, else an empty array.</summary>
    public static float[] ScratchFor(float weightDecay, int parameterCount) =>
        weightDecay == 0 ? [] : new float[parameterCount];
}
