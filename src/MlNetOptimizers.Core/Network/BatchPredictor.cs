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
    private readonly float[]?[] _columns; // narrow layers' weights as NarrowDotProducts.Columns (one-member networks)
    private readonly AlignedBuffer _expanded; // a k-member network: its members' inputs
    private readonly AlignedBuffer _combined; // a k-member network: its outputs
    private readonly float[][]? _inputArrays; // a linear model over dense rows: each input row in an array of its own

    public BatchPredictor(NeuralNetworkModel model, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _model = model;
        Capacity = capacity;
        var a = model.Architecture;
        bool sparse = SparseInput.Reads(a);
        _columns = a.Members > 1 ? new float[a.LayerCount][] : NetworkPredictor.NarrowColumns(model, firstLayer: sparse ? 1 : 0);
        bool rowArrays = a.LayerCount == 1 && _columns[0] is not null; // a linear model over dense rows, summed along its inputs
        _activations = ForwardPass.LayerBuffers(a, capacity, sparseInput: sparse || rowArrays);
        _narrow = ForwardPass.NarrowScratch(a, capacity, sparse);
        Rows = sparse ? new SparseRows(capacity, capacity * 64) : null;
        _expanded = new AlignedBuffer(a.Members > 1 ? a.Members * capacity * a.InputSize : 0);
        _combined = new AlignedBuffer(a.Members > 1 ? capacity * a.OutputSize : 0);
        if (rowArrays)
        {
            _inputArrays = [.. Enumerable.Range(0, capacity).Select(_ => new float[a.InputSize])];
        }
    }

    /// <summary>
    /// A linear model's input rows when its layer sums along its inputs (<see cref="NarrowOutput.SumsAlongInputs"/>), one array each, for a caller that reads rows straight into them (so that a row is
    /// copied once, from its source, not once more into one matrix); null for other models. <see cref="InputRow"/> is row
    /// r's array as a span.
    /// </summary>
    public float[][]? InputArrays => _inputArrays;

    /// <summary>A wide model's next batch, as the non-zeros of its rows (cleared and filled by the caller); null for other models.</summary>
    public SparseRows? Rows { get; }

    /// <summary>Most rows per call.</summary>
    public int Capacity { get; }

    /// <summary>Feature row <paramref name="row"/> of the next batch, to be filled by the caller.</summary>
    public Span<float> InputRow(int row) => Rows is not null
        ? throw new InvalidOperationException("A wide model takes its rows sparse, in Rows.")
        : _inputArrays is not null ? _inputArrays[row]
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
        _model.Task.LinkRows(computed, rows, k, probabilities, predicted);
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
            ForwardPass.Run(a, _model.Parameters, rows, _activations, _narrow, firstLayer: 1, _columns);
        }
        else if (_inputArrays is not null)
        {
            NarrowDotProducts.Forward(_inputArrays, rows, a.InputSize, _columns[0], _model.Parameters.Slice(a.BiasOffset(0), a.OutputSize),
                _activations[1].Span[..(rows * a.OutputSize)]);
        }
        else
        {
            ForwardPass.Run(a, _model.Parameters, rows, _activations, _narrow, _columns);
        }
        return _activations[^1].Span;
    }
}
