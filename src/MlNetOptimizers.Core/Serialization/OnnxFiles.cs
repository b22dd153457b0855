using MlNetOptimizers.Serialization;

namespace MlNetOptimizers;

/// <summary><c>model.ExportToOnnx(stream)</c>, attached to <see cref="NeuralNetworkModel"/> as an extension member.</summary>
public static class OnnxFiles
{
    extension(NeuralNetworkModel model)
    {
        /// <summary>
        /// Writes the network as an ONNX model (opset 13) that any ONNX runtime can score. Input <c>Features</c> float[N, D];
        /// multiclass outputs <c>Score</c> float[N, K] (class probabilities) and <c>PredictedLabel</c> int64[N] (class
        /// index); binary outputs <c>Score</c> float[N] (logit), <c>Probability</c> float[N] and <c>PredictedLabel</c> bool[N].
        /// </summary>
        public void ExportToOnnx(Stream destination)
        {
            ArgumentNullException.ThrowIfNull(destination);
            destination.Write(OnnxExport.Network(model));
        }
    }
}
