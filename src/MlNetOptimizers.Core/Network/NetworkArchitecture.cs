using MlNetOptimizers.Optimization;

namespace MlNetOptimizers;

/// <summary>
/// The shape of a fully connected network: input width, hidden widths, output width, hidden activation,
/// and where each layer's weights and biases sit in the flat parameter vector.
/// </summary>
/// <remarks>
/// Layer l maps width <c>LayerSizes[l]</c> to <c>LayerSizes[l + 1]</c> as z = x·W_l + b_l; its weight matrix W_l is
/// stored row-major as [in × out] (row i holds the weights leaving input i) followed by its bias vector b_l [out],
/// layer after layer. No hidden layers is the linear model.
/// </remarks>
public sealed class NetworkArchitecture
{
    private readonly int[] _weightOffsets;
    private readonly int[] _biasOffsets;
    private ParameterLayout? _layout;

    /// <summary>Creates an architecture.</summary>
    /// <param name="inputSize">Number of features; &gt; 0.</param>
    /// <param name="hiddenLayers">Hidden widths, each &gt; 0; empty for the linear model.</param>
    /// <param name="outputSize">1 for binary (one logit), K for K classes.</param>
    /// <param name="activation">Activation after each hidden layer.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or the parameters do not fit in one array.</exception>
    public NetworkArchitecture(int inputSize, IReadOnlyList<int> hiddenLayers, int outputSize, Activation activation)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputSize);
        ArgumentNullException.ThrowIfNull(hiddenLayers);
        for (int i = 0; i < hiddenLayers.Count; i++)
        {
            if (hiddenLayers[i] <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(hiddenLayers), hiddenLayers[i],
                    $"Hidden layer {i} has size {hiddenLayers[i]}; every hidden layer size must be > 0.");
            }
        }
        if (!Enum.IsDefined(activation))
        {
            throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }

        LayerSizes = [inputSize, .. hiddenLayers, outputSize];
        Activation = activation;
        _weightOffsets = new int[LayerCount];
        _biasOffsets = new int[LayerCount];
        long offset = 0;
        for (int l = 0; l < LayerCount; l++)
        {
            _weightOffsets[l] = (int)Math.Min(offset, int.MaxValue);
            offset += (long)LayerSizes[l] * LayerSizes[l + 1];
            _biasOffsets[l] = (int)Math.Min(offset, int.MaxValue);
            offset += LayerSizes[l + 1];
        }
        if (offset > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(hiddenLayers),
                $"A network of {string.Join("-", LayerSizes)} has {offset:N0} parameters; at most {Array.MaxLength:N0} fit in one array.");
        }
        ParameterCount = (int)offset;
    }

    /// <summary>Widths from input to output: [input, hidden…, output].</summary>
    public IReadOnlyList<int> LayerSizes { get; }

    /// <summary>Number of weight layers (hidden layers + 1).</summary>
    public int LayerCount => LayerSizes.Count - 1;

    /// <summary>Number of input features.</summary>
    public int InputSize => LayerSizes[0];

    /// <summary>Number of outputs (1 logit for binary, K for multiclass).</summary>
    public int OutputSize => LayerSizes[^1];

    /// <summary>Activation after each hidden layer.</summary>
    public Activation Activation { get; }

    /// <summary>Total number of weights and biases.</summary>
    public int ParameterCount { get; }

    /// <summary>The widest layer, for sizing work buffers.</summary>
    public int MaxWidth => LayerSizes.Max();

    /// <summary>Where layer <paramref name="layer"/>'s weight matrix starts in the parameter vector.</summary>
    public int WeightOffset(int layer) => _weightOffsets[layer];

    /// <summary>Where layer <paramref name="layer"/>'s bias vector starts in the parameter vector.</summary>
    public int BiasOffset(int layer) => _biasOffsets[layer];

    /// <summary>
    /// The parameter vector as named segments: <c>layer{l}.weights</c> and <c>layer{l}.biases</c>, so that weight decay can
    /// leave the biases alone (<see cref="ParameterMask.WeightsOnly"/>).
    /// </summary>
    public ParameterLayout Layout => _layout ??= new ParameterLayout(Enumerable.Range(0, LayerCount).SelectMany(l => new[]
    {
        new ParameterSegment($"layer{l}.weights", ParameterRole.Weight, WeightOffset(l), LayerSizes[l] * LayerSizes[l + 1]),
        new ParameterSegment($"layer{l}.biases", ParameterRole.Bias, BiasOffset(l), LayerSizes[l + 1]),
    }).ToArray());

    /// <inheritdoc />
    public override string ToString() =>
        LayerCount == 1 ? $"linear {InputSize}-{OutputSize}" : $"MLP {string.Join("-", LayerSizes)} ({Activation})";
}
