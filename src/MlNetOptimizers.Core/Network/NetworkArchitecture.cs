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
/// <para>
/// With <see cref="Members"/> k &gt; 1 the network is k networks trained as one (TabM-mini, Gorishniy et al., ICLR 2025):
/// member m sees its input scaled feature by feature, <c>x ⊙ r_m</c>, and runs through the hidden layers, whose weights all
/// members share, into a head of its own. Member m has its own first-layer biases (so that feature standardization
/// folds into them) and its own last layer. The layout is today's with those layers' biases (first layer) and weights and
/// biases (last layer) repeated k times, member after member, and the k × input scales r after the last layer.
/// </para>
/// </remarks>
public sealed class NetworkArchitecture
{
    private readonly int[] _weightOffsets;
    private readonly int[] _biasOffsets;
    private readonly int _inputScaleOffset;
    private ParameterLayout? _layout;

    /// <summary>Creates an architecture.</summary>
    /// <param name="inputSize">Number of features; &gt; 0.</param>
    /// <param name="hiddenLayers">Hidden widths, each &gt; 0; empty for the linear model.</param>
    /// <param name="outputSize">1 for binary (one logit), K for K classes.</param>
    /// <param name="activation">Activation after each hidden layer.</param>
    /// <param name="members">Networks trained as one (<see cref="Members"/>); 1, one plain network; more needs a hidden layer.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, members are asked of a linear model, or the parameters do not fit in one array.</exception>
    public NetworkArchitecture(int inputSize, IReadOnlyList<int> hiddenLayers, int outputSize, Activation activation, int members = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(members);
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

        if (members > 1 && hiddenLayers.Count == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(members), members,
                $"Members = {members} needs a hidden layer: k linear models that share nothing are one linear model (members share the hidden layers).");
        }
        if (members > MaxMembers)
        {
            throw new ArgumentOutOfRangeException(nameof(members), members, $"Members = {members}: at most {MaxMembers}.");
        }

        LayerSizes = [inputSize, .. hiddenLayers, outputSize];
        Activation = activation;
        Members = members;
        _weightOffsets = new int[LayerCount];
        _biasOffsets = new int[LayerCount];
        long offset = 0;
        for (int l = 0; l < LayerCount; l++)
        {
            _weightOffsets[l] = (int)Math.Min(offset, int.MaxValue);
            offset += (long)LayerSizes[l] * LayerSizes[l + 1] * WeightCopies(l);
            _biasOffsets[l] = (int)Math.Min(offset, int.MaxValue);
            offset += (long)LayerSizes[l + 1] * BiasCopies(l);
        }
        _inputScaleOffset = (int)Math.Min(offset, int.MaxValue);
        if (members > 1)
        {
            offset += (long)members * inputSize;
        }
        if (offset > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(hiddenLayers),
                $"A network of {string.Join("-", LayerSizes)}{(members > 1 ? $" × {members} members" : "")} has {offset:N0} parameters; at most {Array.MaxLength:N0} fit in one array.");
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

    /// <summary>Most members a network can have, 64.</summary>
    public const int MaxMembers = 64;

    /// <summary>
    /// k, the networks trained as one (TabM-mini): their outputs are averaged as probabilities (as values for regression);
    /// 1 for one plain network.
    /// </summary>
    public int Members { get; }

    /// <summary>How many copies of layer <paramref name="layer"/>'s weights there are: k for the last layer of a k-member network, else 1.</summary>
    public int WeightCopies(int layer) => Members > 1 && layer == LayerCount - 1 ? Members : 1;

    /// <summary>How many copies of layer <paramref name="layer"/>'s biases there are: k for the first and the last layer of a k-member network, else 1.</summary>
    public int BiasCopies(int layer) => Members > 1 && (layer == 0 || layer == LayerCount - 1) ? Members : 1;

    /// <summary>Member <paramref name="member"/>'s weights of layer <paramref name="layer"/> start here (the shared ones for a shared layer).</summary>
    public int WeightOffset(int layer, int member) =>
        _weightOffsets[layer] + (WeightCopies(layer) > 1 ? member * LayerSizes[layer] * LayerSizes[layer + 1] : 0);

    /// <summary>Member <paramref name="member"/>'s biases of layer <paramref name="layer"/> start here (the shared ones for a shared layer).</summary>
    public int BiasOffset(int layer, int member) => _biasOffsets[layer] + (BiasCopies(layer) > 1 ? member * LayerSizes[layer + 1] : 0);

    /// <summary>Where the k × input scales r of a k-member network start (member after member); the end of the layers when k = 1.</summary>
    public int InputScaleOffset => _inputScaleOffset;

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
    /// <remarks>A k-member network adds <c>members.inputScales</c> (<see cref="ParameterRole.Scale"/>).</remarks>
    public ParameterLayout Layout => _layout ??= new ParameterLayout(Enumerable.Range(0, LayerCount).SelectMany(l => new[]
    {
        new ParameterSegment($"layer{l}.weights", ParameterRole.Weight, WeightOffset(l), LayerSizes[l] * LayerSizes[l + 1] * WeightCopies(l)),
        new ParameterSegment($"layer{l}.biases", ParameterRole.Bias, BiasOffset(l), LayerSizes[l + 1] * BiasCopies(l)),
    }).Concat(Members > 1 ? [new ParameterSegment("members.inputScales", ParameterRole.Scale, InputScaleOffset, Members * InputSize)] : [])
        .ToArray());

    /// <inheritdoc />
    public override string ToString() =>
        LayerCount == 1 ? $"linear {InputSize}-{OutputSize}"
        : $"MLP {string.Join("-", LayerSizes)} ({Activation}){(Members > 1 ? $" × {Members} members" : "")}";
}
