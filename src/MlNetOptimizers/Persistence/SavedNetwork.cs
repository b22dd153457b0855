using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace MlNetOptimizers.Persistence;

/// <summary>
/// What a saved scoring chain (format 3) carries as the Base64 text value of its <c>MapValue</c> lookup: the network
/// and the name of the feature column it scores, so that the network can be found again in a loaded chain.
/// </summary>
/// <remarks>
/// Bytes, before Base64: <c>"MLNS"</c>, Int32 version (3), Int32 n, n UTF-8 bytes of the feature column name, the
/// network in the format of <c>NeuralNetworkModel.Save</c>, and an FNV-1a 64-bit hash of all the bytes before it. A
/// text value passes through ML.NET's MapValue without a copy per row (a vector value is copied into a new array every
/// row), and every byte is covered by the hash: a damaged file never predicts.
/// </remarks>
internal static class SavedNetwork
{
    private const uint Magic = 0x534E4C4D; // "MLNS" read little-endian
    private const int Version = 3;

    public static string Encode(NeuralNetworkModel model, string featureColumn)
    {
        var name = Encoding.UTF8.GetBytes(featureColumn);
        var network = ModelFormat.Write(model);
        var bytes = new byte[12 + name.Length + network.Length + 8];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), Version);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), name.Length);
        name.CopyTo(bytes, 12);
        network.CopyTo(bytes, 12 + name.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8), ModelFormat.Fnv1a64(bytes.AsSpan(0, bytes.Length - 8)));
        return Convert.ToBase64String(bytes);
    }

    /// <exception cref="InvalidDataException">The text is not a whole, undamaged payload of this version.</exception>
    public static (NeuralNetworkModel Model, string FeatureColumn) Decode(ReadOnlySpan<char> text)
    {
        var rented = ArrayPool<byte>.Shared.Rent(text.Length / 4 * 3 + 3);
        try
        {
            if (!Convert.TryFromBase64Chars(text, rented, out int written))
            {
                throw new InvalidDataException($"{ModelFormat.Damaged}: its text is not Base64.");
            }
            var bytes = rented.AsSpan(0, written);
            if (bytes.Length < 20 || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic)
            {
                throw new InvalidDataException($"{ModelFormat.Damaged}: its saved form does not start with the format's magic bytes.");
            }
            if (ModelFormat.Fnv1a64(bytes[..^8]) != BinaryPrimitives.ReadUInt64LittleEndian(bytes[^8..]))
            {
                throw new InvalidDataException($"{ModelFormat.Damaged}: its checksum does not match its contents.");
            }
            int version = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
            int nameLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
            if (version != Version || nameLength < 0 || nameLength > bytes.Length - 20)
            {
                throw new InvalidDataException(version != Version
                    ? $"This saved MlNetOptimizers model has format version {version}; this library reads version {Version}."
                    : $"{ModelFormat.Damaged}: its header is invalid.");
            }
            string featureColumn = Encoding.UTF8.GetString(bytes.Slice(12, nameLength));
            var model = ModelFormat.Read(bytes[(12 + nameLength)..^8]);
            return (model, featureColumn);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
