using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace PaperLsp.Embeddings.Tests.Onnx;

/// <summary>
/// Minimal protocol-buffers wire encoder: enough to write ONNX ModelProto messages. Nested messages are
/// encoded into their own writer first and then embedded as length-delimited fields.
/// </summary>
internal sealed class ProtoWriter
{
    private const int WireVarint = 0;
    private const int WireFixed32 = 5;
    private const int WireLengthDelimited = 2;

    private readonly ArrayBufferWriter<byte> buffer = new(256);

    public long Length => buffer.WrittenCount;

    public ProtoWriter Varint(int field, long value)
    {
        WriteKey(field, WireVarint);
        WriteRawVarint(unchecked((ulong)value));
        return this;
    }

    public ProtoWriter Float(int field, float value)
    {
        WriteKey(field, WireFixed32);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        buffer.Write(bytes);
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        WriteKey(field, WireLengthDelimited);
        WriteRawVarint((ulong)value.Length);
        buffer.Write(value);
        return this;
    }

    public ProtoWriter Message(int field, ProtoWriter message)
    {
        WriteKey(field, WireLengthDelimited);
        WriteRawVarint((ulong)message.buffer.WrittenCount);
        buffer.Write(message.buffer.WrittenSpan);
        return this;
    }

    public byte[] ToArray() => buffer.WrittenSpan.ToArray();

    private void WriteKey(int field, int wireType) => WriteRawVarint((ulong)((field << 3) | wireType));

    private void WriteRawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            buffer.Write([(byte)(value | 0x80)]);
            value >>= 7;
        }

        buffer.Write([(byte)value]);
    }
}
