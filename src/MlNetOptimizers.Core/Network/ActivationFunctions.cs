using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using MlNetOptimizers.Kernels;

namespace MlNetOptimizers.Network;

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
                ReluDerivative(output, gradient);
                break;
            case Activation.Tanh:
                // g ← g·(1 − a²) = g − g·a²
                for (int i = 0; i < gradient.Length; i++)
                {
                    gradient[i] -= gradient[i] * output[i] * output[i];
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

    /// <summary>g ← g where a &gt; 0, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReluDerivative(ReadOnlySpan<float> output, Span<float> gradient)
    {
        int i = 0;
        if (Simd.IsVectorized && !gradient.IsEmpty)
        {
            ref float a = ref Unsafe.AsRef(in output[0]);
            ref float g = ref gradient[0];
            for (; i + 16 <= gradient.Length; i += 16)
            {
                var active = Vector512.GreaterThan(Vector512.LoadUnsafe(ref a, (nuint)i), Vector512<float>.Zero);
                (Vector512.LoadUnsafe(ref g, (nuint)i) & active.AsSingle()).StoreUnsafe(ref g, (nuint)i);
            }
        }
        for (; i < gradient.Length; i++)
        {
            if (output[i] <= 0)
            {
                gradient[i] = 0;
            }
        }
    }
}
