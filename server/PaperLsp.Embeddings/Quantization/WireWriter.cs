using System.Buffers;
using System.Text;

namespace PaperLsp.Embeddings.Quantization;

/// <summary>Writes protobuf fields (the wire format only): varints, length-delimited bytes, and fields copied unchanged.</summary>
internal sealed class WireWriter
{
    private readonly ArrayBufferWriter<byte> buffer;

    public WireWriter(int initialCapacity = 256) => buffer = new ArrayBufferWriter<byte>(Math.Max(16, initialCapacity));

    public int Length => buffer.WrittenCount;

    public WireWriter Varint(int field, long value)
    {
        Tag(field, WireField.VarintType);
        WriteVarint((ulong)value);
        return this;
    }

    public WireWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, WireField.LengthDelimitedType);
        WriteVarint((ulong)value.Length);
        buffer.Write(value);
        return this;
    }

    public WireWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public WireWriter Message(int field, WireWriter message) => Bytes(field, message.buffer.WrittenSpan);

    /// <summary>Copies an already encoded field (or several) unchanged.</summary>
    public WireWriter Raw(ReadOnlySpan<byte> encoded)
    {
        buffer.Write(encoded);
        return this;
    }

    public byte[] ToArray() => buffer.WrittenSpan.ToArray();

    private void Tag(int field, int wireType) => WriteVarint(((ulong)field << 3) | (uint)wireType);

    private void WriteVarint(ulong value)
    {
        var span = buffer.GetSpan(10);
        var count = 0;
        while (value >= 0x80)
        {
            span[count++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[count++] = (byte)value;
        buffer.Advance(count);
    }
}
