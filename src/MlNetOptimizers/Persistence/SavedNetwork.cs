using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using MlNetOptimizers.Data;
using MlNetOptimizers.Serialization;

namespace MlNetOptimizers.Persistence;

/// <summary>
/// What a saved scoring chain (formats 3 and 4) carries as the Base64 text value of its <c>MapValue</c> lookup: the network
/// and the names of the feature and label columns it was trained on, so that the network and its transformer can be
/// found again in a loaded chain.
/// </summary>
/// <remarks>
/// Bytes, before Base64: <c>"MLNS"</c>, Int32 version (3), the feature column name and the label column name (each an
/// Int32 byte count and UTF-8 bytes), the network in the format of <c>model.Save</c>, and an FNV-1a 64-bit hash of all
/// the bytes before it. A
/// text value passes through ML.NET's MapValue without a copy per row (a vector value is copied into a new array every
/// row), and every byte is covered by the hash: a damaged file never predicts.
/// </remarks>
internal static class SavedNetwork
{
    private const uint Magic = SavedFormat.PayloadMagic;
    private const int Version = SavedFormat.PayloadVersion;

    public static string Encode(NeuralNetworkModel model, string featureColumn, string labelColumn)
    {
        var feature = Encoding.UTF8.GetBytes(featureColumn);
        var label = Encoding.UTF8.GetBytes(labelColumn);
        var network = ModelFormat.Write(model);
        var bytes = new byte[16 + feature.Length + label.Length + network.Length + 8];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), Version);
        int at = 8;
        foreach (var name in new[] { feature, label })
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), name.Length);
            name.CopyTo(bytes, at + 4);
            at += 4 + name.Length;
        }
        network.CopyTo(bytes, at);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8), ModelFormat.Fnv1a64(bytes.AsSpan(0, bytes.Length - 8)));
        return Convert.ToBase64String(bytes);
    }

    /// <summary>Whether <paramref name="text"/> starts as a payload of this version does (the lookup of a saved chain holds one).</summary>
    public static bool IsPayload(string text) => text.StartsWith(SavedFormat.PayloadPrefix, StringComparison.Ordinal);

    /// <summary>What a payload holds.</summary>
    public sealed record Contents(NeuralNetworkModel Model, string FeatureColumn, string LabelColumn);

    /// <exception cref="InvalidDataException">The text is not a whole, undamaged payload of this version.</exception>
    public static Contents Decode(ReadOnlySpan<char> text)
    {
        var rented = ArrayPool<byte>.Shared.Rent(text.Length / 4 * 3 + 3);
        try
        {
            if (!Convert.TryFromBase64Chars(text, rented, out int written))
            {
                throw new InvalidDataException($"{ModelFormat.Damaged}: its text is not Base64.");
            }
            var bytes = rented.AsSpan(0, written);
            if (bytes.Length < 24 || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic)
            {
                throw new InvalidDataException($"{ModelFormat.Damaged}: its saved form does not start with the format's magic bytes.");
            }
            if (ModelFormat.Fnv1a64(bytes[..^8]) != BinaryPrimitives.ReadUInt64LittleEndian(bytes[^8..]))
            {
                throw new InvalidDataException($"{ModelFormat.Damaged}: its checksum does not match its contents.");
            }
            int version = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
            if (version != Version)
            {
                throw new InvalidDataException($"This saved MlNetOptimizers model has format version {version}; this library reads version {Version}.");
            }
            int at = 8;
            string feature = Name(bytes, ref at), label = Name(bytes, ref at);
            return new Contents(ModelFormat.Read(bytes[at..^8]), feature, label);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Reads a byte count and that many UTF-8 bytes at <paramref name="at"/>, checked against the payload's end.</summary>
    private static string Name(ReadOnlySpan<byte> bytes, ref int at)
    {
        int length = at + 4 <= bytes.Length - 8 ? BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]) : -1;
        if (length < 0 || length > bytes.Length - 8 - at - 4)
        {
            throw new InvalidDataException($"{ModelFormat.Damaged}: its header is invalid.");
        }
        string name = Encoding.UTF8.GetString(bytes.Slice(at + 4, length));
        at += 4 + length;
        return name;
    }

    /// <summary>
    /// The network of a scorer's row, decoded once per thread (<see cref="PredictorCache"/>), and the row's features checked
    /// against its input size: what the scorers of every task start from.
    /// </summary>
    public static NetworkPredictor Row(ScorerInput input, out NeuralNetworkModel model, out Network.FeatureVector features)
    {
        (model, var predictor) = PredictorCache.For(input.Model, text => Decode(text).Model);
        features = CheckedFeatures(input, model);
        return predictor;
    }

    /// <summary>
    /// The row's features, checked against the network's input size with the trained transformer's message (naming the
    /// feature column saved with the network, decoded again only on that error path).
    /// </summary>
    public static Network.FeatureVector CheckedFeatures(ScorerInput input, NeuralNetworkModel model)
    {
        var features = input.Features.AsFeatures();
        if (features.Length != model.Architecture.InputSize)
        {
            throw FeatureColumnRule.WrongSize(Decode(input.Model.Span).FeatureColumn, features.Length, model.Architecture.InputSize);
        }
        return features;
    }
}
