using System.Numerics.Tensors;

namespace MlNetOptimizers;

/// <summary>Vectorised activations and their derivatives, expressed through the activation's output a = φ(z).</summary>
internal static class ActivationFunctions
{
    public static void Apply(Activation activation, Span<float> values)
    {
        switch (activation)
        {
            case Activation.Relu:
                TensorPrimitives.Max(values, 0f, values);
                break;
            case Activation.Tanh:
                TensorPrimitives.Tanh(values, values);
                break;
            case Activation.Sigmoid:
                TensorPrimitives.Sigmoid(values, values);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }

    /// <summary>gradient ← gradient ⊙ φ'(z), with φ' written in terms of the output a.</summary>
    public static void MultiplyByDerivative(Activation activation, ReadOnlySpan<float> output, Span<float> gradient)
    {
        switch (activation)
        {
            case Activation.Relu:
                for (int i = 0; i < gradient.Length; i++)
                {
                    if (output[i] <= 0)
                    {
                        gradient[i] = 0;
                    }
                }
                break;
            case Activation.Tanh:
                for (int i = 0; i < gradient.Length; i++)
                {
                    gradient[i] *= 1 - output[i] * output[i];
                }
                break;
            case Activation.Sigmoid:
                for (int i = 0; i < gradient.Length; i++)
                {
                    gradient[i] *= output[i] * (1 - output[i]);
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }
}
