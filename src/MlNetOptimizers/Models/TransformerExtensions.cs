using Microsoft.ML;
using MlNetOptimizers.Models;
using MlNetOptimizers.Serialization;

namespace MlNetOptimizers;

/// <summary>
/// The trained model as an artifact: find the network inside any transformer (trained, fitted chain, or loaded), export
/// an ensemble to ONNX, and give a loaded model back this library's fast scorers.
/// </summary>
public static class TransformerExtensions
{
    extension(NeuralNetworkModel)
    {
        /// <summary>
        /// The network (architecture and parameters, bit for bit) inside a trained transformer, a fitted chain, or a chain
        /// returned by <c>mlContext.Model.Load</c>, so that a loaded model can be exported or trained further.
        /// </summary>
        /// <exception cref="ArgumentException">It holds no network of this library, or several (an ensemble: use its members).</exception>
        public static NeuralNetworkModel FromTransformer(ITransformer model)
        {
            var found = NetworkLocator.Find(model);
            return found.Count switch
            {
                1 => found[0].Model,
                0 => throw new ArgumentException(
                    $"The transformer ({model.GetType().Name}) holds no MlNetOptimizers network: neither a trained one nor a saved one.",
                    nameof(model)),
                _ => throw new ArgumentException(
                    $"The transformer holds {found.Count} MlNetOptimizers networks (an ensemble?); pass the one you want, e.g. a member's model.",
                    nameof(model)),
            };
        }
    }

    extension(EnsembleTransformer ensemble)
    {
        /// <summary>
        /// Writes the ensemble as one ONNX model (opset 13) that averages its members' probabilities with their weights, with
        /// the inputs and outputs of a single network's export. Every member must be a network of this library alone.
        /// </summary>
        /// <exception cref="NotSupportedException">A member is not a network of this library, or is a pipeline with other transforms.</exception>
        public void ExportToOnnx(Stream destination)
        {
            ArgumentNullException.ThrowIfNull(destination);
            var members = ensemble.Members.Select(m => (Network(m), m.Weight)).ToArray();
            destination.Write(OnnxExport.Ensemble(members));
        }
    }

    extension(ITransformer model)
    {
        /// <summary>
        /// The same model with every saved MlNetOptimizers network (as <c>mlContext.Model.Load</c> returns it: a chain of public
        /// ML.NET transforms) replaced by the network's own transformer: identical predictions, the scoring speed of a trained
        /// model, and it saves as before. Transforms of other libraries are kept as they are.
        /// </summary>
        /// <param name="inputSchema">The schema of the data the model scores, e.g. the one <c>mlContext.Model.Load</c> returns.</param>
        public ITransformer RestoreNetworkScorers(DataViewSchema inputSchema)
        {
            ArgumentNullException.ThrowIfNull(model);
            ArgumentNullException.ThrowIfNull(inputSchema);
            return NetworkRestorer.Restore(model, inputSchema);
        }
    }

    private static NeuralNetworkModel Network(EnsembleMember member) => member.Model switch
    {
        NeuralNetworkPredictionTransformer trained => trained.Model,
        _ when NetworkLocator.Saved(member.Model) is { } saved => saved.Model,
        _ => throw new NotSupportedException(
            $"Member {member.Index} is a {member.Model.GetType().Name}, not a network of this library alone; ONNX export needs every " +
            "member to be one (train the members on featurized data, and export or apply the featurization separately)."),
    };
}
