using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using MlNetOptimizers.Kernels;
using MlNetOptimizers.Network;

namespace MlNetOptimizers;

/// <summary>
/// Scores single rows with a <see cref="NeuralNetworkModel"/> using reusable buffers; not thread-safe
/// (create one per thread with <see cref="NeuralNetworkModel.CreatePredictor"/>).
/// </summary>
public sealed class NetworkPredictor
{
    private const int Lanes = 16;
    private readonly NeuralNetworkModel _model;
    private readonly float[] _front;
    private readonly float[] _back;
    private readonly float[]?[] _columns; // narrow layers that sum along their inputs, as NarrowDotProducts.Columns
    private readonly float[]?[] _padded;  // the other narrow layers, as [in × 16] with zero padding
    private readonly SparseRows? _nonZeros; // a wide model's input row, as its non-zeros (SparseInput)
    private float[]? _dense;              // a narrow model's sparse input row, spread out
    private readonly BatchPredictor? _members; // a k-member network: scored as a batch of one row

    internal NetworkPredictor(NeuralNetworkModel model)
    {
        _model = model;
        var a = model.Architecture;
        _front = new float[Math.Max(a.MaxWidth, Lanes)];
        _back = new float[Math.Max(a.MaxWidth, Lanes)];
        _padded = new float[a.LayerCount][];
        _nonZeros = SparseInput.Reads(a) ? new SparseRows(1, 256) : null;
        int first = _nonZeros is null ? 0 : 1;
        _columns = a.Members > 1 ? new float[a.LayerCount][] : NarrowColumns(model, first);
        if (a.Members > 1)
        {
            _members = new BatchPredictor(model, 1);
        }
        else
        {
            for (int l = first; l < a.LayerCount && Simd.IsVectorized; l++)
            {
                int inWidth = a.LayerSizes[l], outWidth = a.LayerSizes[l + 1];
                if (outWidth < Lanes && _columns[l] is null)
                {
                    var padded = new float[inWidth * Lanes];
                    var weights = model.Parameters.Slice(a.WeightOffset(l), inWidth * outWidth);
                    for (int i = 0; i < inWidth; i++)
                    {
                        weights.Slice(i * outWidth, outWidth).CopyTo(padded.AsSpan(i * Lanes));
                    }
                    _padded[l] = padded;
                }
            }
        }
    }

    /// <summary>
    /// The weights of <paramref name="model"/>'s narrow layers that sum along their inputs (<see cref="NarrowOutput.SumsAlongInputs"/>),
    /// from <paramref name="firstLayer"/> on, as <see cref="NarrowDotProducts.Columns"/>; null for the other layers.
    /// </summary>
    internal static float[]?[] NarrowColumns(NeuralNetworkModel model, int firstLayer)
    {
        var a = model.Architecture;
        var columns = new float[a.LayerCount][];
        for (int l = firstLayer; l < a.LayerCount; l++)
        {
            int inWidth = a.LayerSizes[l], outWidth = a.LayerSizes[l + 1];
            if (outWidth <= NarrowOutput.MaxWidth && NarrowOutput.SumsAlongInputs(inWidth, outWidth))
            {
                columns[l] = NarrowDotProducts.Columns(model.Parameters.Slice(a.WeightOffset(l), inWidth * outWidth), inWidth, outWidth);
            }
        }
        return columns;
    }

    /// <summary>The logits (one for binary, K for multiclass) of one feature row.</summary>
    /// <exception cref="ArgumentException">The row or the output has the wrong length.</exception>
    public void ComputeLogits(ReadOnlySpan<float> features, Span<float> logits) => ComputeLogits(new FeatureVector(features), logits);

    /// <summary>
    /// The logits of one row, dense or sparse. A wide model (<see cref="SparseInput.Wide"/>) sums its first layer over the
    /// row's non-zeros in slot order however the row comes, so that every way of scoring it gives the same scores.
    /// </summary>
    internal void ComputeLogits(FeatureVector features, Span<float> logits)
    {
        var a = _model.Architecture;
        if (features.Length != a.InputSize)
        {
            throw new ArgumentException($"The model expects {a.InputSize} features, got {features.Length}.", nameof(features));
        }
        if (logits.Length != a.OutputSize)
        {
            throw new ArgumentException($"The model has {a.OutputSize} outputs, got a buffer of {logits.Length}.", nameof(logits));
        }
        var parameters = _model.Parameters;
        ReadOnlySpan<float> input;
        int first = 0;
        if (_members is not null)
        {
            var row = _members.InputRow(0);
            if (features.IsSparse)
            {
                features.CopyDenseTo(row);
            }
            else
            {
                features.Values.CopyTo(row);
            }
            _members.Forward(1)[..a.OutputSize].CopyTo(logits);
            return;
        }
        if (_nonZeros is not null)
        {
            _nonZeros.Clear();
            features.AppendNonZerosTo(_nonZeros);
            int width = a.LayerSizes[1];
            var output = _front.AsSpan(0, width);
            SparseLayerMath.ForwardRow(_nonZeros.RowIndices(0), _nonZeros.RowValues(0), parameters.Slice(a.WeightOffset(0), a.InputSize * width),
                parameters.Slice(a.BiasOffset(0), width), output);
            if (a.LayerCount == 1)
            {
                output.CopyTo(logits);
                return;
            }
            ActivationFunctions.Apply(a.Activation, output);
            input = output;
            first = 1;
        }
        else if (features.IsSparse)
        {
            _dense ??= new float[a.InputSize];
            features.CopyDenseTo(_dense);
            input = _dense;
        }
        else
        {
            input = features.Values;
        }
        for (int l = first; l < a.LayerCount; l++)
        {
            int inWidth = a.LayerSizes[l], outWidth = a.LayerSizes[l + 1];
            bool last = l == a.LayerCount - 1;
            var buffer = l % 2 == 0 ? _front : _back;
            var biases = parameters.Slice(a.BiasOffset(l), outWidth);
            if (_columns[l] is { } columns)
            {
                NarrowDotProducts.ForwardRow(input, columns, biases, buffer.AsSpan(0, outWidth));
            }
            else if (_padded[l] is { } padded)
            {
                NarrowLayer(input, padded, biases, buffer);
            }
            else
            {
                DenseLayerMath.Forward(input, 1, inWidth, parameters.Slice(a.WeightOffset(l), inWidth * outWidth), biases, buffer.AsSpan(0, outWidth), scratch: default);
            }
            var output = buffer.AsSpan(0, outWidth);
            if (!last)
            {
                ActivationFunctions.Apply(a.Activation, output);
            }
            else
            {
                output.CopyTo(logits);
            }
            input = output;
        }
    }

    /// <summary>y = b + Σ_i x_i·W[i, :] with one 16-lane multiply-add per input (lanes past the layer's width are zero).</summary>
    private static void NarrowLayer(ReadOnlySpan<float> x, float[] padded, ReadOnlySpan<float> biases, float[] output)
    {
        var sum = Vector512<float>.Zero;
        for (int i = 0; i < x.Length; i++)
        {
            sum = Vector512.FusedMultiplyAdd(Vector512.Create(x[i]), Vector512.Create(padded.AsSpan(i * Lanes, Lanes)), sum);
        }
        sum.CopyTo(output);
        TensorPrimitives.Add(output.AsSpan(0, biases.Length), biases, output.AsSpan(0, biases.Length));
    }

    /// <summary>
    /// Class probabilities of one row and the predicted class index. Binary: <paramref name="probabilities"/>[0] = P(true)
    /// and the class is 1 (true) when P(true) &gt; 0.5; multiclass: softmax over the K classes and the most probable index.
    /// </summary>
    /// <exception cref="ArgumentException">The row or the output has the wrong length.</exception>
    public int Predict(ReadOnlySpan<float> features, Span<float> probabilities) => Predict(new FeatureVector(features), probabilities);

    /// <summary>As <see cref="Predict(ReadOnlySpan{float}, Span{float})"/> for a dense or sparse row.</summary>
    internal int Predict(FeatureVector features, Span<float> probabilities)
    {
        ComputeLogits(features, probabilities);
        return Link(probabilities);
    }

    /// <summary>As <see cref="Predict(ReadOnlySpan{float}, Span{float})"/>, and also writes the logits (the scores before the link).</summary>
    /// <exception cref="ArgumentException">The row or an output has the wrong length.</exception>
    public int Predict(ReadOnlySpan<float> features, Span<float> logits, Span<float> probabilities) =>
        Predict(new FeatureVector(features), logits, probabilities);

    /// <summary>As <see cref="Predict(ReadOnlySpan{float}, Span{float}, Span{float})"/> for a dense or sparse row.</summary>
    internal int Predict(FeatureVector features, Span<float> logits, Span<float> probabilities)
    {
        ComputeLogits(features, logits);
        if (probabilities.Length != logits.Length)
        {
            throw new ArgumentException($"The model has {logits.Length} outputs, got a buffer of {probabilities.Length}.", nameof(probabilities));
        }
        logits.CopyTo(probabilities);
        return Link(probabilities);
    }

    private int Link(Span<float> values) => _model.Task.Link(values);
}
