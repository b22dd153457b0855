using MlNetOptimizers.Kernels;
using MlNetOptimizers.Tasks;

namespace MlNetOptimizers;

/// <summary>
/// A trained network: its architecture and its parameters. Logistic and softmax regression are the networks without
/// hidden layers. How it was trained (the learning curve) belongs to the trainer's result, not to the model.
/// </summary>
public sealed class NeuralNetworkModel
{
    private readonly AlignedBuffer _parameters; // a copy on a 64-byte boundary, so that the kernels' loads of W never straddle cache lines

    internal NeuralNetworkModel(NetworkArchitecture architecture, ModelKind kind, float[] parameters)
    {
        if (parameters.Length != architecture.ParameterCount)
        {
            throw new ArgumentException(
                $"{architecture} needs {architecture.ParameterCount} parameters, got {parameters.Length}.", nameof(parameters));
        }
        Task = ModelTask.For(kind);
        if (Task.InvalidOutputs(architecture.OutputSize) is { } invalid)
        {
            throw new ArgumentException(invalid, nameof(architecture));
        }
        Architecture = architecture;
        _parameters = AlignedBuffer.CopyOf(parameters);
    }

    /// <summary>Layer sizes and activation.</summary>
    public NetworkArchitecture Architecture { get; }

    /// <summary>Binary (one logit) or multiclass (K logits).</summary>
    public ModelKind Kind => Task.Kind;

    /// <summary>Number of classes: 2 for a binary model, K for multiclass.</summary>
    public int ClassCount => Task.ClassCount(Architecture.OutputSize);

    /// <summary>What the outputs mean: the link from outputs to predictions, the ONNX outputs.</summary>
    internal ModelTask Task { get; }

    /// <summary>All weights and biases, laid out as <see cref="NetworkArchitecture"/> describes.</summary>
    public ReadOnlySpan<float> Parameters => _parameters.Span;

    /// <summary>Layer <paramref name="layer"/>'s weights as a [out, in] matrix (a copy).</summary>
    public float[,] GetWeights(int layer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, Architecture.LayerCount);
        int inWidth = Architecture.LayerSizes[layer], outWidth = Architecture.LayerSizes[layer + 1];
        var weights = new float[outWidth, inWidth];
        var source = Parameters.Slice(Architecture.WeightOffset(layer), inWidth * outWidth);
        for (int o = 0; o < outWidth; o++)
        {
            for (int i = 0; i < inWidth; i++)
            {
                weights[o, i] = source[i * outWidth + o];
            }
        }
        return weights;
    }

    /// <summary>Layer <paramref name="layer"/>'s biases (a copy).</summary>
    public float[] GetBiases(int layer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, Architecture.LayerCount);
        return Parameters.Slice(Architecture.BiasOffset(layer), Architecture.LayerSizes[layer + 1]).ToArray();
    }

    /// <summary>A scorer with its own buffers: allocation-free per row, one per thread.</summary>
    public NetworkPredictor CreatePredictor() => new(this);

    /// <inheritdoc />
    public override string ToString() => $"{Kind} {Architecture}";
}
