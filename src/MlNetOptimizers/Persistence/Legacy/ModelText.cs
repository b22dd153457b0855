using System.Buffers;
using System.Runtime.InteropServices;

namespace MlNetOptimizers.Persistence.Legacy;

/// <summary>
/// The packed model vector of <see cref="ModelCodec"/> as Base64 text, which is how format 2 of the saved scoring chain
/// stores it. A text value passes through ML.NET's <c>MapValue</c> without a per-row copy (a vector value is copied
/// into a new array for every row), and its first 40 characters spell the codec's header, so the model is recognised
/// without decoding the rest.
/// </summary>
internal static class ModelText
{
    // The codec's 7-float header is 28 bytes; 40 Base64 characters spell the first 30 bytes of the vector.
    private const int IdentityChars = 40;
    private const int IdentityBytes = 30;

    public static string Encode(NeuralNetworkModel model) =>
        Convert.ToBase64String(MemoryMarshal.AsBytes(ModelCodec.Encode(model).AsSpan()));

    /// <summary>The stored checksum and the text's length, read from the header only (no validation).</summary>
    public static (float High, float Low, int Length) Identity(ReadOnlySpan<char> text)
    {
        Span<byte> header = stackalloc byte[IdentityBytes];
        if (text.Length < IdentityChars || !Convert.TryFromBase64Chars(text[..IdentityChars], header, out _))
        {
            return (float.NaN, float.NaN, -1);
        }
        var (high, low) = ModelCodec.Identity(MemoryMarshal.Cast<byte, float>(header));
        return (high, low, text.Length);
    }

    /// <exception cref="InvalidDataException">The text is not a model this version can read.</exception>
    public static NeuralNetworkModel Decode(ReadOnlySpan<char> text)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(text.Length / 4 * 3 + 3);
        try
        {
            if (!Convert.TryFromBase64Chars(text, bytes, out int written) || written % sizeof(float) != 0)
            {
                throw new InvalidDataException($"{ModelCodec.Corrupt}: its parameter text is not Base64 of whole floats.");
            }
            return ModelCodec.Decode(MemoryMarshal.Cast<byte, float>(bytes.AsSpan(0, written)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
