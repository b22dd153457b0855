
namespace MlNetOptimizers;

/// <summary>
/// Packs a <see cref="NeuralNetworkModel"/> into one float vector (stored inside ML.NET model files) and back.
/// Layout, version 1: [magic, version, kind, activation, layerCount + 1, sizes…, parameters… (as NetworkArchitecture lays them out)]; integers are stored as
/// floats, exact below 2^24. The layout is a file format: extend it only with a new version number.
/// </summary>
internal static class ModelCodec
{
    private const float Magic = 4_271_963f; // "MNO" in spirit; any value a weight vector is unlikely to start with
    private const float Version = 1f;

    public static float[] Encode(NeuralNetworkModel model)
    {
        var a = model.Architecture;
        var header = new List<float> { Magic, Version, (float)model.Kind, (float)a.Activation, a.LayerSizes.Count };
        header.AddRange(a.LayerSizes.Select(s => (float)s));
        return [.. header, .. model.Parameters];
    }

    /// <exception cref="InvalidDataException">The vector is not a model this version can read.</exception>
    public static NeuralNetworkModel Decode(ReadOnlySpan<float> data)
    {
        const string corrupt = "The MlNetOptimizers model inside this file is corrupt or truncated";
        if (data.Length < 5 || data[0] != Magic)
        {
            throw new InvalidDataException($"{corrupt}: its header is missing.");
        }
        if (data[1] != Version)
        {
            throw new InvalidDataException($"This MlNetOptimizers model has format version {data[1]}; this library reads version {Version}.");
        }
        int layerSizeCount = (int)data[4];
        if (layerSizeCount < 2 || data.Length < 5 + layerSizeCount || !Enum.IsDefined((ModelKind)(int)data[2])
            || !Enum.IsDefined((Activation)(int)data[3]))
        {
            throw new InvalidDataException($"{corrupt}: its header is invalid.");
        }
        var sizes = data.Slice(5, layerSizeCount).ToArray().Select(s => (int)s).ToArray();
        try
        {
            var architecture = new NetworkArchitecture(sizes[0], sizes[1..^1], sizes[^1], (Activation)(int)data[3]);
            var parameters = data[(5 + layerSizeCount)..].ToArray();
            if (parameters.Length != architecture.ParameterCount)
            {
                throw new InvalidDataException(
                    $"{corrupt}: {architecture} needs {architecture.ParameterCount} parameters, the file has {parameters.Length}.");
            }
            return new NeuralNetworkModel(architecture, (ModelKind)(int)data[2], parameters, history: null);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{corrupt}: {e.Message}", e);
        }
    }
}
