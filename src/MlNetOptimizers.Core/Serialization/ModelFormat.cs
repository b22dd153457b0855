using System.Buffers.Binary;

namespace MlNetOptimizers.Serialization;

/// <summary>
/// The binary format of <c>model.Save</c> and <c>NeuralNetworkModel.Load</c> (<see cref="ModelFiles"/>), versions 1 and 2.
/// </summary>
/// <remarks>
/// All integers are little-endian Int32, floats IEEE-754 single precision, little-endian:
/// <code>
/// offset  size        field
/// 0       4           magic "MLNN" (0x4D 0x4C 0x4E 0x4E)
/// 4       4           format version: 1, or 2 for a network of several members
/// 8       4           kind: 0 binary (one logit), 1 multiclass (K logits)
/// 12      4           hidden activation: 0 ReLU, 1 tanh, 2 sigmoid
/// 16      4           n, the number of layer sizes (hidden layers + 2)
/// 20      4·n         layer sizes, input first, output last
/// ...     4           version 2 only: k, the members (NetworkArchitecture.Members), 2 to 64
/// ...     4           P, the number of parameters
/// ...     4·P         parameters: per layer, its [in × out] weights row-major, then its [out] biases (NetworkArchitecture
///                     says where a k-member network's copies and input scales sit)
/// ...     8           FNV-1a 64-bit hash of every byte before it
/// </code>
/// The hash covers the header too, so any damaged byte (a flipped bit in the activation or a layer size included) is
/// refused, and every size is checked against the bytes that are there before anything is allocated. A one-member
/// network is written as version 1, byte for byte as before members existed.
/// </remarks>
internal static class ModelFormat
{
    private const uint Magic = 0x4E4E4C4D; // "MLNN" read little-endian
    private const int Version = 1;
    private const int MembersVersion = 2;
    private const int MaxLayers = 1024;

    /// <summary>How every damaged-model message begins.</summary>
    public const string Damaged = "The MlNetOptimizers model is damaged or truncated";

    public static byte[] Write(NeuralNetworkModel model)
    {
        var a = model.Architecture;
        bool members = a.Members > 1;
        int length = checked(20 + 4 * a.LayerSizes.Count + (members ? 4 : 0) + 4 + 4 * a.ParameterCount + 8);
        var bytes = new byte[length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
        int[] header = [members ? MembersVersion : Version, (int)model.Kind, (int)a.Activation, a.LayerSizes.Count, .. a.LayerSizes,
            .. (members ? [a.Members] : Array.Empty<int>()), a.ParameterCount];
        int at = 4;
        foreach (int value in header)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), value);
            at += 4;
        }
        foreach (float value in model.Parameters)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(at), value);
            at += 4;
        }
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), Fnv1a64(bytes.AsSpan(0, at)));
        return bytes;
    }

    /// <exception cref="InvalidDataException">The bytes are not a whole, undamaged model of a version this library reads.</exception>
    public static NeuralNetworkModel Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 28 || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic)
        {
            throw new InvalidDataException($"This is not an MlNetOptimizers model: it does not start with the format's magic bytes.");
        }
        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
        var body = bytes[..^8];
        if (Fnv1a64(body) != BinaryPrimitives.ReadUInt64LittleEndian(bytes[^8..]))
        {
            throw new InvalidDataException(version > MembersVersion
                ? $"This MlNetOptimizers model has format version {version} (or is damaged); this library reads versions {Version} and {MembersVersion}."
                : $"{Damaged}: its checksum does not match its contents.");
        }
        if (version != Version && version != MembersVersion)
        {
            throw new InvalidDataException($"This MlNetOptimizers model has format version {version}; this library reads versions {Version} and {MembersVersion}.");
        }
        int extra = version == MembersVersion ? 4 : 0;
        int kind = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        int activation = BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes[16..]);
        if (!Enum.IsDefined((ModelKind)kind) || !Enum.IsDefined((Activation)activation) || count < 2 || count > MaxLayers
            || body.Length < 20 + 4L * count + extra + 4)
        {
            throw new InvalidDataException($"{Damaged}: its header is invalid.");
        }
        var sizes = new int[count];
        for (int i = 0; i < count; i++)
        {
            sizes[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(20 + 4 * i)..]);
        }
        int at = 20 + 4 * count;
        int members = 1;
        if (extra > 0)
        {
            members = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
            if (members < 2 || members > NetworkArchitecture.MaxMembers)
            {
                throw new InvalidDataException($"{Damaged}: it declares {members} members.");
            }
            at += 4;
        }
        int parameterCount = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
        at += 4;
        if (parameterCount < 0 || body.Length - at != 4L * parameterCount)
        {
            throw new InvalidDataException($"{Damaged}: it declares {parameterCount} parameters but holds {(body.Length - at) / 4}.");
        }
        try
        {
            var architecture = new NetworkArchitecture(sizes[0], sizes[1..^1], sizes[^1], (Activation)activation, members);
            if (architecture.ParameterCount != parameterCount)
            {
                throw new InvalidDataException($"{Damaged}: {architecture} needs {architecture.ParameterCount} parameters, the file has {parameterCount}.");
            }
            var parameters = new float[parameterCount];
            for (int i = 0; i < parameterCount; i++)
            {
                parameters[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(at + 4 * i)..]);
            }
            return new NeuralNetworkModel(architecture, (ModelKind)kind, parameters);
        }
        catch (Exception e) when (e is ArgumentException or OverflowException)
        {
            throw new InvalidDataException($"{Damaged}: {e.Message}", e);
        }
    }

    /// <summary>Reads one model from the stream's current position, exactly its bytes, leaving the position after it.</summary>
    /// <exception cref="InvalidDataException">The stream does not hold a whole, undamaged model.</exception>
    public static NeuralNetworkModel Read(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Span<byte> start = stackalloc byte[20];
        ReadExactly(source, start, "its header");
        if (BinaryPrimitives.ReadUInt32LittleEndian(start) != Magic)
        {
            throw new InvalidDataException("This is not an MlNetOptimizers model: it does not start with the format's magic bytes.");
        }
        int count = BinaryPrimitives.ReadInt32LittleEndian(start[16..]);
        if (count < 2 || count > MaxLayers)
        {
            throw new InvalidDataException($"{Damaged}: its header is invalid.");
        }
        int extra = BinaryPrimitives.ReadInt32LittleEndian(start[4..]) == MembersVersion ? 4 : 0;
        var sizesAndCount = new byte[4 * count + extra + 4];
        ReadExactly(source, sizesAndCount, "its layer sizes");
        int parameterCount = BinaryPrimitives.ReadInt32LittleEndian(sizesAndCount.AsSpan(4 * count + extra));
        long total = 20L + sizesAndCount.Length + 4L * parameterCount + 8;
        if (parameterCount < 0 || total > Array.MaxLength)
        {
            throw new InvalidDataException($"{Damaged}: it declares {parameterCount} parameters.");
        }
        var bytes = new byte[total];
        start.CopyTo(bytes);
        sizesAndCount.CopyTo(bytes, 20);
        ReadExactly(source, bytes.AsSpan(20 + sizesAndCount.Length), "its parameters");
        return Read(bytes);
    }

    private static void ReadExactly(Stream source, Span<byte> buffer, string part)
    {
        try
        {
            source.ReadExactly(buffer);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{Damaged}: the data ends inside {part}.", e);
        }
    }

    /// <summary>FNV-1a, 64 bits: a changed byte anywhere changes the hash (each step is a bijection of the state).</summary>
    public static ulong Fnv1a64(ReadOnlySpan<byte> bytes)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return hash;
    }
}
