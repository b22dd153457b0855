using System.Numerics.Tensors;

namespace MlNetOptimizers;

/// <summary>
/// Scores single rows with a <see cref="NeuralNetworkModel"/> using two reusable buffers; not thread-safe
/// (create one per thread with <see cref="NeuralNetworkModel.CreatePredictor"/>).
/// </summary>
public sealed class NetworkPredictor
{
    private readonly NeuralNetworkModel _model;
    private readonly float[] _front;
    private readonly float[] _back;

    internal NetworkPredictor(NeuralNetworkModel model)
    {
        _model = model;
        _front = new float[model.Architecture.MaxWidth];
        _back = new float[model.Architecture.MaxWidth];
    }

    /// <summary>The logits (one for binary, K for multiclass) of one feature row.</summary>
    /// <exception cref="ArgumentException">The row or the output has the wrong length.</exception>
    public void ComputeLogits(ReadOnlySpan<float> features, Span<float> logits)
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
        ReadOnlySpan<float> input = features;
        for (int l = 0; l < a.LayerCount; l++)
        {
            int inWidth = a.LayerSizes[l], outWidth = a.LayerSizes[l + 1];
            bool last = l == a.LayerCount - 1;
            Span<float> output = last ? logits : (l % 2 == 0 ? _front : _back).AsSpan(0, outWidth);
            DenseLayerMath.Forward(input, 1, inWidth, parameters.Slice(a.WeightOffset(l), inWidth * outWidth),
                parameters.Slice(a.BiasOffset(l), outWidth), output);
            if (!last)
            {
                ActivationFunctions.Apply(a.Activation, output);
            }
            input = output;
        }
    }

    /// <summary>
    /// Class probabilities of one row: for binary, <paramref name="probabilities"/>[0] = P(true) and the return value is the
    /// logit; for multiclass, softmax over K classes and the return value is the index of the most probable class.
    /// </summary>
    public float Predict(ReadOnlySpan<float> features, Span<float> probabilities)
    {
        ComputeLogits(features, probabilities);
        if (_model.Kind == ModelKind.Binary)
        {
            float logit = probabilities[0];
            probabilities[0] = Losses.Sigmoid(logit);
            return logit;
        }
        Losses.Softmax(probabilities);
        return TensorPrimitives.IndexOfMax(probabilities);
    }
}
