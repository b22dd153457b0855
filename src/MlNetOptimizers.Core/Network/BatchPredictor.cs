using MlNetOptimizers.Kernels;

namespace MlNetOptimizers.Network;

/// <summary>
/// Scores up to <see cref="Capacity"/> rows at once: one matrix product per layer instead of one vector-matrix product
/// per row, with the same kernels and, for every row, the same order of additions as <see cref="NetworkPredictor"/>,
/// so that both give identical scores. A wide model (<see cref="SparseInput.Wide"/>) takes its rows as their non-zeros
/// (<see cref="Rows"/>) and sums its first layer over them as the row-at-a-time scorer does; a k-member network
/// (<see cref="NetworkArchitecture.Members"/>) reads dense rows and combines its members' outputs. Not thread-safe;
/// allocation-free after construction (and after its largest batch of sparse rows).
/// </summary>
internal sealed class BatchPredictor
{
    private readonly NeuralNetworkModel _model;
    private readonly AlignedBuffer[] _activations;
    private readonly float[][] _narrow;
    private readonly AlignedBuffer _expanded; // a k-member network: its members' inputs
    private readonly AlignedBuffer _combined; // a k-member network: its outputs

    public BatchPredictor(NeuralNetworkModel model, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _model = model;
        Capacity = capacity;
        var a = model.Architecture;
        bool sparse = SparseInput.Reads(a);
        _activations = ForwardPass.LayerBuffers(a, capacity, sparse);
        _narrow = ForwardPass.NarrowScratch(a, capacity, sparse);
        Rows = sparse ? new SparseRows(capacity, capacity * 64) : null;
        _expanded = new AlignedBuffer(a.Members > 1 ? a.Members * capacity * a.InputSize : 0);
        _combined = new AlignedBuffer(a.Members > 1 ? capacity * a.OutputSize : 0);
    }

    /// <summary>A wide model's next batch, as the non-zeros of its rows (cleared and filled by the caller); null for other models.</summary>
    public SparseRows? Rows { get; }

    /// <summary>Most rows per call.</summary>
    public int Capacity { get; }

    /// <summary>Feature row <paramref name="row"/> of the next batch, to be filled by the caller.</summary>
    public Span<float> InputRow(int row) => Rows is not null
        ? throw new InvalidOperationException("A wide model takes its rows sparse, in Rows.")
        : _activations[0].Span.Slice(row * _model.Architecture.InputSize, _model.Architecture.InputSize);

    /// <summary>
    /// Scores the first <paramref name="rows"/> input rows: writes each row's logits into <paramref name="logits"/>
    /// (rows × outputs), its probabilities (binary: P(true); multiclass: the softmax) into
    /// <paramref name="probabilities"/> (rows × outputs) and its predicted class index into <paramref name="predicted"/>.
    /// </summary>
    public void Predict(int rows, Span<float> logits, Span<float> probabilities, Span<int> predicted)
    {
        int k = _model.Architecture.OutputSize;
        var computed = Forward(rows)[..(rows * k)];
        computed.CopyTo(logits);
        computed.CopyTo(probabilities);
        for (int r = 0; r < rows; r++)
        {
            predicted[r] = _model.Task.Link(probabilities.Slice(r * k, k));
        }
    }

    /// <summary>The logits of the first <paramref name="rows"/> input rows (rows × outputs, in this predictor's buffers).</summary>
    internal ReadOnlySpan<float> Forward(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, Capacity);
        var a = _model.Architecture;
        if (a.Members > 1)
        {
            ForwardPass.RunMembers(a, _model.Parameters, rows, _activations[0].Span, _expanded.Span, _activations, _narrow);
            _model.Task.CombineMembers(_activations[^1].Span, a.Members, rows, a.OutputSize, _combined.Span);
            return _combined.Span;
        }
        if (Rows is not null)
        {
            int width = a.LayerSizes[1];
            SparseLayerMath.Forward(Rows, 0, rows, _model.Parameters.Slice(a.WeightOffset(0), a.InputSize * width),
                _model.Parameters.Slice(a.BiasOffset(0), width), _activations[1].Span[..(rows * width)]);
            ForwardPass.Run(a, _model.Parameters, rows, _activations, _narrow, firstLayer: 1);
        }
        else
        {
            ForwardPass.Run(a, _model.Parameters, rows, _activations, _narrow);
        }
        return _activations[^1].Span;
    }
}
