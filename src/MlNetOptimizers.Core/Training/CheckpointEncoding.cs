using System.Buffers.Binary;
using System.Text;
using MlNetOptimizers.Serialization;

namespace MlNetOptimizers.Training;

/// <summary>
/// The binary framing of the files a run writes beside itself (<see cref="TrainingCheckpoint"/>, <see cref="L2ChoiceRecord"/>):
/// little-endian values, strings as Int32 byte count + UTF-8, float arrays as Int32 count + values, an FNV-1a 64 hash of
/// all the bytes at the end; written to a temporary file, flushed to disk, then renamed over the old one, so that the file
/// is always either the old one or the new one.
/// </summary>
internal static class CheckpointEncoding
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> through a temporary file renamed over it.</summary>
    public static void WriteAtomically(string path, byte[] bytes)
    {
        var full = Path.GetFullPath(path);
        var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(bytes);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary); // gone already after a successful move
        }
    }

    /// <summary>The file's bytes before its hash, once its magic number and hash are checked.</summary>
    /// <exception cref="InvalidDataException">The file is not a <paramref name="kind"/>, or is damaged or truncated.</exception>
    public static ReadOnlyMemory<byte> ReadChecked(string path, uint magic, string kind)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 16 || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != magic)
        {
            throw new InvalidDataException($"'{path}' is not an MlNetOptimizers {kind}.");
        }
        if (ModelFormat.Fnv1a64(bytes.AsSpan(0, bytes.Length - 8)) != BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8)))
        {
            throw new InvalidDataException($"The {kind} '{path}' is damaged or truncated: its checksum does not match its contents.");
        }
        return bytes.AsMemory(0, bytes.Length - 8);
    }

    public sealed class Writer
    {
        private readonly MemoryStream _stream = new();

        public void Byte(byte value) => _stream.WriteByte(value);

        public void UInt(uint value) => Fixed(4, s => BinaryPrimitives.WriteUInt32LittleEndian(s, value));

        public void Int(int value) => Fixed(4, s => BinaryPrimitives.WriteInt32LittleEndian(s, value));

        public void Long(long value) => Fixed(8, s => BinaryPrimitives.WriteInt64LittleEndian(s, value));

        public void Float(float value) => Fixed(4, s => BinaryPrimitives.WriteSingleLittleEndian(s, value));

        public void Double(double value) => Fixed(8, s => BinaryPrimitives.WriteDoubleLittleEndian(s, value));

        public void String(string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            Int(bytes.Length);
            _stream.Write(bytes);
        }

        public void Floats(float[] values)
        {
            Int(values.Length);
            foreach (float value in values)
            {
                Float(value);
            }
        }

        public byte[] Finish()
        {
            var body = _stream.ToArray();
            var bytes = new byte[body.Length + 8];
            body.CopyTo(bytes, 0);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(body.Length), ModelFormat.Fnv1a64(body));
            return bytes;
        }

        private void Fixed(int size, SpanAction write)
        {
            Span<byte> buffer = stackalloc byte[8];
            write(buffer[..size]);
            _stream.Write(buffer[..size]);
        }

        private delegate void SpanAction(Span<byte> span);
    }

    public sealed class Reader(ReadOnlyMemory<byte> bytes)
    {
        private int _at;

        public byte Byte() => Take(1)[0];

        public uint UInt() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

        public int Int() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public long Long() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public float Float() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

        public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

        public string String() => Encoding.UTF8.GetString(Take(Count(1)));

        public float[] Floats()
        {
            int count = Count(4);
            var span = Take(4 * count);
            var values = new float[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(span[(4 * i)..]);
            }
            return values;
        }

        /// <summary>A count that fits in the bytes left, so that a damaged count cannot allocate much.</summary>
        private int Count(int elementSize)
        {
            int count = Int();
            if (count < 0 || (long)count * elementSize > bytes.Length - _at)
            {
                throw new ArgumentOutOfRangeException(nameof(count), count, "A length in the file runs past its end.");
            }
            return count;
        }

        private ReadOnlySpan<byte> Take(int length)
        {
            if (length > bytes.Length - _at)
            {
                throw new ArgumentOutOfRangeException(nameof(length), length, "The file ends early.");
            }
            var span = bytes.Span.Slice(_at, length);
            _at += length;
            return span;
        }
    }
}
