namespace MlNetOptimizers.Persistence.Legacy;

/// <summary>
/// Packs a <see cref="NeuralNetworkModel"/> into one float vector (stored inside ML.NET model files) and back.
/// </summary>
/// <remarks>
/// Layout, version 1: [magic, version, kind, activation, checksum high, checksum low, layer count + 1, sizes…,
/// parameters… (as <see cref="NetworkArchitecture"/> lays them out)]. Integers are stored as floats, exact below 2^24;
/// the checksum is a 48-bit hash of the parameters' bits, split in two 24-bit halves: it finds corrupted values and
/// identifies the model cheaply. The layout is a file format: extend it only with a new version number.
/// </remarks>
internal static class ModelCodec
{
    private const float Magic = 4_271_963f; // a value a weight vector is unlikely to start with
    private const float Version = 1f;
    private const int HeaderLength = 7;
    /// <summary>How every corrupt-model message begins.</summary>
    internal const string Corrupt = "The MlNetOptimizers model inside this file is corrupt or truncated";

    public static float[] Encode(NeuralNetworkModel model)
    {
        var a = model.Architecture;
        ulong checksum = Checksum(model.Parameters);
        float[] header =
        [
            Magic, Version, (float)model.Kind, (float)a.Activation, checksum >> 24, checksum & 0xFFFFFF, a.LayerSizes.Count,
            .. a.LayerSizes.Select(s => (float)s),
        ];
        return [.. header, .. model.Parameters];
    }

    /// <summary>Whether the vector starts like a packed model (its magic number), as an ensemble's packed weights do not.</summary>
    public static bool IsModel(ReadOnlySpan<float> data) => data.Length >= HeaderLength && data[0] == Magic;

    /// <summary>The stored checksum, which identifies the model (no validation).</summary>
    public static (float High, float Low) Identity(ReadOnlySpan<float> data) =>
        data.Length >= HeaderLength ? (data[4], data[5]) : (float.NaN, float.NaN);

    /// <exception cref="InvalidDataException">The vector is not a model this version can read.</exception>
    public static NeuralNetworkModel Decode(ReadOnlySpan<float> data)
    {
        if (data.Length < HeaderLength || data[0] != Magic)
        {
            throw new InvalidDataException($"{Corrupt}: its header is missing.");
        }
        if (data[1] != Version)
        {
            throw new InvalidDataException($"This MlNetOptimizers model has format version {data[1]}; this library reads version {Version}.");
        }
        int layerSizeCount = (int)data[6];
        if (layerSizeCount < 2 || data.Length < HeaderLength + layerSizeCount || !Enum.IsDefined((ModelKind)(int)data[2])
            || !Enum.IsDefined((Activation)(int)data[3]))
        {
            throw new InvalidDataException($"{Corrupt}: its header is invalid.");
        }
        var sizes = data.Slice(HeaderLength, layerSizeCount).ToArray().Select(s => (int)s).ToArray();
        try
        {
            var architecture = new NetworkArchitecture(sizes[0], sizes[1..^1], sizes[^1], (Activation)(int)data[3]);
            var parameters = data[(HeaderLength + layerSizeCount)..].ToArray();
            if (parameters.Length != architecture.ParameterCount)
            {
                throw new InvalidDataException(
                    $"{Corrupt}: {architecture} needs {architecture.ParameterCount} parameters, the file has {parameters.Length}.");
            }
            ulong checksum = Checksum(parameters);
            if (data[4] != checksum >> 24 || data[5] != (checksum & 0xFFFFFF))
            {
                throw new InvalidDataException($"{Corrupt}: its parameters do not match their checksum.");
            }
            return new NeuralNetworkModel(architecture, (ModelKind)(int)data[2], parameters);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{Corrupt}: {e.Message}", e);
        }
    }

    /// <summary>FNV-1a over the parameters' bit patterns, folded to 48 bits.</summary>
    private static ulong Checksum(ReadOnlySpan<float> parameters)
    {
        ulong hash = 14695981039346656037UL;
        foreach (float value in parameters)
        {
            hash = (hash ^ (uint)BitConverter.SingleToInt32Bits(value)) * 1099511628211UL;
        }
        return (hash ^ (hash >> 48)) & 0xFFFF_FFFF_FFFFUL;
    }
}
