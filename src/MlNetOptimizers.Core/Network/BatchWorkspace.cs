using MlNetOptimizers.Kernels;
using MlNetOptimizers.Tasks;

namespace MlNetOptimizers.Network;

/// <summary>
/// Reusable buffers for the forward and backward pass of one worker over up to <see cref="Capacity"/> rows,
/// so that training allocates nothing per batch.
/// </summary>
internal sealed class BatchWorkspace
{
    private readonly NetworkArchitecture _architecture;
    private readonly AlignedBuffer[] _activations; // [layer][row * width]; layer 0 is the input batch
    private readonly AlignedBuffer[] _deltas;      // [layer][row * width]; dLoss/dz for layers 1..L
    private readonly AlignedBuffer _gradient;
    private readonly AlignedBuffer[] _transposed; // [layer][out * in]; Wᵀ for back-propagating into hidden layers
    private readonly float[][] _narrow;      // [layer]; scratch of the kernels of narrow layers (NarrowOutput.ScratchSize)

    public BatchWorkspace(NetworkArchitecture architecture, int capacity)
    {
        _architecture = architecture;
        Capacity = capacity;
        var sizes = architecture.LayerSizes;
        _activations = ForwardPass.LayerBuffers(architecture, capacity);
        _deltas = ForwardPass.LayerBuffers(architecture, capacity);
        _transposed = Enumerable.Range(0, architecture.LayerCount)
            .Select(l => new AlignedBuffer(l == 0 ? 0 : sizes[l] * sizes[l + 1])).ToArray();
        _narrow = ForwardPass.NarrowScratch(architecture, capacity);
        _gradient = new AlignedBuffer(architecture.ParameterCount);
    }

    public int Capacity { get; }

    /// <summary>The gradient accumulated by <see cref="ComputeGradient"/>.</summary>
    public Span<float> Gradient => _gradient.Span;

    /// <summary>Where the caller copies the batch's feature rows before <see cref="ComputeGradient"/>.</summary>
    public Span<float> Input => _activations[0].Span;

    /// <summary>The buffer behind <see cref="Input"/>.</summary>
    public AlignedBuffer InputBuffer => _activations[0];

    /// <summary>The logits of the last forward pass, [row × outputs].</summary>
    public ReadOnlySpan<float> Logits => _activations[^1].Span;

    /// <summary>Forward pass over the first <paramref name="rows"/> rows of <see cref="Input"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Forward(ReadOnlySpan<float> parameters, int rows)
    {
        ForwardPass.Run(_architecture, parameters, rows, _activations, _narrow);
    }

    /// <summary>
    /// Forward and backward pass: sets <see cref="Gradient"/> to Σ_r w_r·∇ℓ_r / <paramref name="weightTotal"/> and returns
    /// Σ_r w_r·ℓ_r (unnormalised, so that workers' sums add up).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public double ComputeGradient(ReadOnlySpan<float> parameters, int rows, ModelTask task,
        ReadOnlySpan<float> labels, ReadOnlySpan<float> weights, double weightTotal)
    {
        Forward(parameters, rows);
        double loss = task.LossAndGradient(_activations[^1].Span, rows, _architecture.OutputSize, labels, weights,
            (float)(1 / weightTotal), _deltas[^1].Span);
        Backward(parameters, rows);
        return loss;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Backward(ReadOnlySpan<float> parameters, int rows)
    {
        var a = _architecture;
        Span<float> gradient = Gradient;
        gradient.Clear();
        for (int l = a.LayerCount - 1; l >= 0; l--)
        {
            int inWidth = a.LayerSizes[l], outWidth = a.LayerSizes[l + 1];
            var delta = _deltas[l + 1].Span;
            DenseLayerMath.AccumulateParameterGradient(_activations[l].Span, delta, rows, inWidth, outWidth,
                gradient.Slice(a.WeightOffset(l), inWidth * outWidth), gradient.Slice(a.BiasOffset(l), outWidth), _narrow[l]);
            if (l > 0)
            {
                var inputDelta = _deltas[l].Span[..(rows * inWidth)];
                DenseLayerMath.BackpropagateDelta(delta, rows, inWidth, outWidth,
                    parameters.Slice(a.WeightOffset(l), inWidth * outWidth), inputDelta, _transposed[l].Span);
                ActivationFunctions.MultiplyByDerivative(a.Activation, _activations[l].Span[..(rows * inWidth)], inputDelta);
            }
        }
    }
}
