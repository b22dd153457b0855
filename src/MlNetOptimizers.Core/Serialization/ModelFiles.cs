using MlNetOptimizers.Serialization;

namespace MlNetOptimizers;

/// <summary>
/// <c>model.Save(stream)</c> and <c>NeuralNetworkModel.Load(stream)</c>: the network's own file format, attached to
/// <see cref="NeuralNetworkModel"/> as extension members so that the network does not depend on its formats.
/// </summary>
public static class ModelFiles
{
    extension(NeuralNetworkModel model)
    {
        /// <summary>
        /// Writes the network alone (architecture and parameters, bit for bit) in the documented binary format of
        /// docs/model-format.md: a header, the parameters and a checksum over both.
        /// </summary>
        public void Save(Stream destination)
        {
            ArgumentNullException.ThrowIfNull(destination);
            destination.Write(ModelFormat.Write(model));
        }
    }

    extension(NeuralNetworkModel)
    {
        /// <summary>Reads a network written by <c>Save</c>, from the stream's position to the end of the model.</summary>
        /// <exception cref="InvalidDataException">The data is not a whole, undamaged model of a format version this library reads.</exception>
        public static NeuralNetworkModel Load(Stream source) => ModelFormat.Read(source);
    }
}
