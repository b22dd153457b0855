using System.Buffers.Binary;
using System.Text;

namespace MlNetOptimizers.Onnx;

/// <summary>
/// The few Protocol Buffers encodings an ONNX file needs (wire types varint, 32-bit and length-delimited), written by
/// hand so that exporting pulls in no protobuf or ONNX package. Nested messages are written through a callback into a
/// writer of their own and then copied in with their length.
/// </summary>
internal sealed class ProtobufWriter
{
    private const int Varint = 0;
    private const int LengthDelimited = 2;
    private const int Fixed32 = 5;

    private readonly MemoryStream _buffer = new();

    public byte[] ToArray() => _buffer.ToArray();

    public void Int(int field, long value)
    {
        Tag(field, Varint);
        WriteVarint(unchecked((ulong)value));
    }

    public void Float(int field, float value)
    {
        Tag(field, Fixed32);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _buffer.Write(bytes);
    }

    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, LengthDelimited);
        WriteVarint((ulong)value.Length);
        _buffer.Write(value);
    }

    public void Message(int field, Action<ProtobufWriter> write)
    {
        var nested = new ProtobufWriter();
        write(nested);
        Bytes(field, nested._buffer.GetBuffer().AsSpan(0, (int)nested._buffer.Length));
    }

    private void Tag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _buffer.WriteByte((byte)value);
    }
}
