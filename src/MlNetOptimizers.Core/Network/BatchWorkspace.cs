using System.Numerics.Tensors;
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
    private readonly TouchedRows? _touched;  // sparse input: the first layer's weight rows the last gradient holds
    private readonly bool _alwaysTrack;      // the step reads Touched (the lazy rule), so every batch keeps it
    private bool _untracked;                 // the last sparse gradient was not tracked: the next clear zeroes it all
    private readonly ModelTask? _combiner;   // a k-member network: combines the members' outputs into Logits
    private readonly AlignedBuffer _expanded; // a k-member network: the members' inputs x ⊙ r_m, then their gradient
    private readonly AlignedBuffer _combined; // a k-member network: Logits

    /// <summary>
    /// Buffers for dense input rows, or, with <paramref name="sparseInput"/>, for rows a <see cref="SparseRows"/> holds. A
    /// k-member network (dense input only) needs <paramref name="task"/>, whose <see cref="ModelTask.CombineMembers"/>
    /// gives <see cref="Logits"/>. With <paramref name="trackTouched"/> (the lazy sparse step, which reads them) every
    /// sparse gradient records the slots it touched in <see cref="Touched"/>; otherwise only when that is cheaper than
    /// zeroing the whole first layer before the next batch.
    /// </summary>
    public BatchWorkspace(NetworkArchitecture architecture, int capacity, bool sparseInput = false, ModelTask? task = null,
        bool trackTouched = true)
    {
        if (architecture.Members > 1 && (sparseInput || task is null))
        {
            throw new ArgumentException(sparseInput
                ? $"A network of {architecture.Members} members reads dense rows only."
                : "A network of several members needs its task, which combines their outputs.", nameof(architecture));
        }
        _architecture = architecture;
        Capacity = capacity;
        var sizes = architecture.LayerSizes;
        int k = architecture.Members;
        _activations = ForwardPass.LayerBuffers(architecture, capacity, sparseInput);
        _deltas = ForwardPass.LayerBuffers(architecture, capacity, sparseInput);
        _touched = sparseInput ? new TouchedRows(architecture.InputSize) : null;
        _alwaysTrack = trackTouched;
        _transposed = Enumerable.Range(0, architecture.LayerCount)
            .Select(l => new AlignedBuffer(l == 0 && k == 1 ? 0 : sizes[l] * sizes[l + 1])).ToArray();
        _combiner = k > 1 ? task : null;
        _expanded = new AlignedBuffer(k > 1 ? k * capacity * architecture.InputSize : 0);
        _combined = new AlignedBuffer(k > 1 ? capacity * architecture.OutputSize : 0);
        _narrow = ForwardPass.NarrowScratch(architecture, capacity, sparseInput);
        _gradient = new AlignedBuffer(architecture.ParameterCount);
    }

    public int Capacity { get; }

    /// <summary>The gradient accumulated by ComputeGradient.</summary>
    public Span<float> Gradient => _gradient.Span;

    /// <summary>Where the caller copies the batch's feature rows before ComputeGradient.</summary>
    public Span<float> Input => _activations[0].Span;

    /// <summary>The buffer behind <see cref="Input"/>.</summary>
    public AlignedBuffer InputBuffer => _activations[0];

    /// <summary>With sparse input, the input slots whose first-layer weight rows the last gradient holds (the others are 0).</summary>
    public TouchedRows? Touched => _touched;

    /// <summary>The logits of the last forward pass, [row × outputs] (of a k-member network: its members' outputs combined).</summary>
    public ReadOnlySpan<float> Logits => _combiner is null ? _activations[^1].Span : _combined.Span;

    /// <summary>Forward pass over the first <paramref name="rows"/> rows of <see cref="Input"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Forward(ReadOnlySpan<float> parameters, int rows)
    {
        if (_combiner is null)
        {
            ForwardPass.Run(_architecture, parameters, rows, _activations, _narrow);
            return;
        }
        ForwardPass.RunMembers(_architecture, parameters, rows, _activations[0].Span, _expanded.Span, _activations, _narrow);
        _combiner.CombineMembers(_activations[^1].Span, _architecture.Members, rows, _architecture.OutputSize, _combined.Span);
    }

    /// <summary>Forward pass over rows <paramref name="first"/>..+<paramref name="rows"/> of sparse <paramref name="input"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Forward(ReadOnlySpan<float> parameters, SparseRows input, int first, int rows)
    {
        var a = _architecture;
        int width = a.LayerSizes[1];
        SparseLayerMath.Forward(input, first, rows, parameters.Slice(a.WeightOffset(0), a.InputSize * width),
            parameters.Slice(a.BiasOffset(0), width), _activations[1].Span[..(rows * width)]);
        ForwardPass.Run(a, parameters, rows, _activations, _narrow, firstLayer: 1);
    }

    /// <summary>
    /// <see cref="ComputeGradient(ReadOnlySpan{float}, int, ModelTask, ReadOnlySpan{float}, ReadOnlySpan{float}, double)"/>
    /// over rows <paramref name="first"/>..+<paramref name="rows"/> of sparse <paramref name="input"/>: the first layer's
    /// gradient holds only the rows of the slots they touch (<see cref="Touched"/>), the others stay 0.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public double ComputeGradient(ReadOnlySpan<float> parameters, SparseRows input, int first, int rows, ModelTask task,
        ReadOnlySpan<float> labels, ReadOnlySpan<float> weights, double weightTotal)
    {
        Forward(parameters, input, first, rows);
        double loss = task.LossAndGradient(_activations[^1].Span, rows, _architecture.OutputSize, labels, weights,
            (float)(1 / weightTotal), _deltas[^1].Span);
        Backward(parameters, rows, input, first);
        return loss;
    }

    /// <summary>
    /// Forward and backward pass: sets <see cref="Gradient"/> to Σ_r w_r·∇ℓ_r / <paramref name="weightTotal"/> and returns
    /// Σ_r w_r·ℓ_r (unnormalised, so that workers' sums add up).
    /// </summary>
    /// <remarks>
    /// A k-member network's loss is the mean of its members' losses (TabM: each member learns on its own, and their
    /// average is the model); its gradient is that mean's.
    /// </remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public double ComputeGradient(ReadOnlySpan<float> parameters, int rows, ModelTask task,
        ReadOnlySpan<float> labels, ReadOnlySpan<float> weights, double weightTotal)
    {
        if (_combiner is not null)
        {
            return ComputeMemberGradient(parameters, rows, task, labels, weights, weightTotal);
        }
        Forward(parameters, rows);
        double loss = task.LossAndGradient(_activations[^1].Span, rows, _architecture.OutputSize, labels, weights,
            (float)(1 / weightTotal), _deltas[^1].Span);
        Backward(parameters, rows, sparse: null, first: 0);
        return loss;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Backward(ReadOnlySpan<float> parameters, int rows, SparseRows? sparse, int first)
    {
        var a = _architecture;
        Span<float> gradient = Gradient;
        ClearGradient();
        for (int l = a.LayerCount - 1; l >= 0; l--)
        {
            int inWidth = a.LayerSizes[l], outWidth = a.LayerSizes[l + 1];
            var delta = _deltas[l + 1].Span;
            if (l == 0 && sparse is not null)
            {
                _untracked = !_alwaysTrack && TrackingCostsMore(sparse.Starts[first + rows] - sparse.Starts[first], inWidth * outWidth);
                SparseLayerMath.AccumulateParameterGradient(sparse, first, rows, delta, gradient.Slice(a.WeightOffset(0), inWidth * outWidth),
                    gradient.Slice(a.BiasOffset(0), outWidth), _untracked ? null : _touched);
                break;
            }
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

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private double ComputeMemberGradient(ReadOnlySpan<float> parameters, int rows, ModelTask task,
        ReadOnlySpan<float> labels, ReadOnlySpan<float> weights, double weightTotal)
    {
        var a = _architecture;
        int k = a.Members, width = a.OutputSize;
        ForwardPass.RunMembers(a, parameters, rows, _activations[0].Span, _expanded.Span, _activations, _narrow);
        var outputs = _activations[^1].Span;
        var deltas = _deltas[^1].Span;
        float scale = (float)(1 / (weightTotal * k));
        double loss = 0;
        for (int m = 0; m < k; m++)
        {
            loss += task.LossAndGradient(outputs.Slice(m * rows * width, rows * width), rows, width, labels, weights, scale,
                deltas.Slice(m * rows * width, rows * width));
        }
        BackwardMembers(parameters, rows);
        return loss / k;
    }

    /// <summary>
    /// The backward pass of <see cref="ForwardPass.RunMembers"/>: per member through its head and its first-layer biases,
    /// once over all k·rows rows through the shared layers; the input scales' gradient is
    /// <c>∂ℓ/∂r_m[j] = Σ_r x[r, j]·(Δ_m·W₀ᵀ)[r, j]</c>.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void BackwardMembers(ReadOnlySpan<float> parameters, int rows)
    {
        var a = _architecture;
        int k = a.Members, all = k * rows, d = a.InputSize;
        Span<float> gradient = Gradient;
        gradient.Clear();
        for (int l = a.LayerCount - 1; l >= 0; l--)
        {
            int inWidth = a.LayerSizes[l], outWidth = a.LayerSizes[l + 1];
            var delta = _deltas[l + 1].Span;
            ReadOnlySpan<float> input = l == 0 ? _expanded.Span : _activations[l].Span;
            if (a.WeightCopies(l) > 1 || a.BiasCopies(l) > 1)
            {
                for (int m = 0; m < k; m++)
                {
                    var memberDelta = delta.Slice(m * rows * outWidth, rows * outWidth);
                    DenseLayerMath.AccumulateParameterGradient(input.Slice(m * rows * inWidth, rows * inWidth), memberDelta, rows,
                        inWidth, outWidth, gradient.Slice(a.WeightOffset(l, m), inWidth * outWidth),
                        gradient.Slice(a.BiasOffset(l, m), outWidth), _narrow[l]);
                    if (l > 0 && a.WeightCopies(l) > 1)
                    {
                        DenseLayerMath.BackpropagateDelta(memberDelta, rows, inWidth, outWidth,
                            parameters.Slice(a.WeightOffset(l, m), inWidth * outWidth),
                            _deltas[l].Span.Slice(m * rows * inWidth, rows * inWidth), _transposed[l].Span);
                    }
                }
            }
            else
            {
                DenseLayerMath.AccumulateParameterGradient(input, delta, all, inWidth, outWidth,
                    gradient.Slice(a.WeightOffset(l), inWidth * outWidth), gradient.Slice(a.BiasOffset(l), outWidth), _narrow[l]);
            }
            if (l > 0)
            {
                var inputDelta = _deltas[l].Span[..(all * inWidth)];
                if (a.WeightCopies(l) == 1)
                {
                    DenseLayerMath.BackpropagateDelta(delta, all, inWidth, outWidth,
                        parameters.Slice(a.WeightOffset(l), inWidth * outWidth), inputDelta, _transposed[l].Span);
                }
                ActivationFunctions.MultiplyByDerivative(a.Activation, _activations[l].Span[..(all * inWidth)], inputDelta);
            }
        }

        // The members' inputs are no longer needed: their gradient overwrites them.
        var inputGradient = _expanded.Span[..(all * d)];
        int hidden = a.LayerSizes[1];
        DenseLayerMath.BackpropagateDelta(_deltas[1].Span, all, d, hidden, parameters.Slice(a.WeightOffset(0), d * hidden),
            inputGradient, _transposed[0].Span);
        var x = _activations[0].Span;
        var scaleGradient = gradient.Slice(a.InputScaleOffset, k * d);
        for (int m = 0; m < k; m++)
        {
            var memberGradient = scaleGradient.Slice(m * d, d);
            for (int r = 0; r < rows; r++)
            {
                TensorPrimitives.FusedMultiplyAdd(x.Slice(r * d, d), inputGradient.Slice((m * rows + r) * d, d), memberGradient, memberGradient);
            }
        }
    }

    /// <summary>
    /// Whether recording the distinct slots of <paramref name="nonZeros"/> entries (a branch and two stores each, about
    /// 3 ns) costs more than zeroing all <paramref name="weights"/> first-layer weights (memset, about 0.1 ns each): then a
    /// gradient that the step does not read by slot is zeroed whole. 177,833 slots and 69,000 non-zeros a batch (text after
    /// FeaturizeText) zero it whole; 10^6 slots and 12,800 non-zeros track.
    /// </summary>
    private static bool TrackingCostsMore(int nonZeros, int weights) => 30L * nonZeros > weights;

    /// <summary>
    /// Zeroes the gradient: all of it for dense input; with sparse input, everything past the first layer's weights and
    /// the rows of them the last gradient touched, in time proportional to those rows, not to the input's width.
    /// </summary>
    public void ClearGradient()
    {
        var gradient = Gradient;
        if (_touched is null || _untracked)
        {
            gradient.Clear();
            _untracked = false;
            return;
        }
        int width = _architecture.LayerSizes[1];
        gradient[_architecture.BiasOffset(0)..].Clear();
        foreach (int slot in _touched.Slots)
        {
            gradient.Slice(slot * width, width).Clear();
        }
        _touched.Clear();
    }
}
