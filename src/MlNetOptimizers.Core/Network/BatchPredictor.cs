using MlNetOptimizers.Kernels;

namespace MlNetOptimizers.Network;

/// <summary>
/// Scores up to <see cref="Capacity"/> rows at once: one matrix product per layer instead of one vector-matrix product
/// per row, with the same kernels and, for every row, the same order of additions as <see cref="NetworkPredictor"/>,
/// so that both give identical scores. Not thread-safe; allocation-free after construction.
/// </summary>
internal sealed class BatchPredictor
{
    private readonly NeuralNetworkModel _model;
    private readonly AlignedBuffer[] _activations;
    private readonly float[][] _narrow;

    public BatchPredictor(NeuralNetworkModel model, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _model = model;
        Capacity = capacity;
        _activations = ForwardPass.LayerBuffers(model.Architecture, capacity);
        _narrow = ForwardPass.NarrowScratch(model.Architecture, capacity);
    }

    /// <summary>Most rows per call.</summary>
    public int Capacity { get; }

    /// <summary>Feature row <paramref name="row"/> of the next batch, to be filled by the caller.</summary>
    public Span<float> InputRow(int row) => _activations[0].Span.Slice(row * _model.Architecture.InputSize, _model.Architecture.InputSize);

    /// <summary>
    /// Scores the first <paramref name="rows"/> input rows: writes each row's logits into <paramref name="logits"/>
    /// (rows × outputs), its probabilities (binary: P(true); multiclass: the softmax) into
    /// <paramref name="probabilities"/> (rows × outputs) and its predicted class index into <paramref name="predicted"/>.
    /// </summary>
    public void Predict(int rows, Span<float> logits, Span<float> probabilities, Span<int> predicted)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, Capacity);
        var a = _model.Architecture;
        ForwardPass.Run(a, _model.Parameters, rows, _activations, _narrow);
        int k = a.OutputSize;
        var computed = _activations[^1].Span[..(rows * k)];
        computed.CopyTo(logits);
        computed.CopyTo(probabilities);
        for (int r = 0; r < rows; r++)
        {
            predicted[r] = _model.Task.Link(probabilities.Slice(r * k, k));
        }
    }
}
