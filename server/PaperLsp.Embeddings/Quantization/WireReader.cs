using PaperLsp.Embeddings.Models;

namespace PaperLsp.Embeddings.Quantization;

/// <summary>Splits an encoded protobuf message into its fields without interpreting them (the wire format only).</summary>
internal static class WireReader
{
    /// <summary>The fields of <paramref name="message"/> in the order they are encoded.</summary>
    public static List<WireField> Fields(ReadOnlyMemory<byte> message)
    {
        var fields = new List<WireField>();
        var span = message.Span;
        var position = 0;
        while (position < span.Length)
        {
            var start = position;
            var tag = ReadVarint(span, ref position);
            var number = checked((int)(tag >> 3));
            var wireType = (int)(tag & 7);
            if (number <= 0)
            {
                throw new ModelFormatException($"protobuf: field number {number} at byte {start}");
            }

            ulong varint = 0;
            ReadOnlyMemory<byte> value;
            switch (wireType)
            {
                case WireField.VarintType:
                    var valueStart = position;
                    varint = ReadVarint(span, ref position);
                    value = message[valueStart..position];
                    break;
                case WireField.Fixed64Type:
                    value = Take(message, ref position, 8);
                    break;
                case WireField.LengthDelimitedType:
                    var length = ReadVarint(span, ref position);
                    if (length > (ulong)(span.Length - position))
                    {
                        throw new ModelFormatException($"protobuf: field {number} claims {length} bytes, {span.Length - position} are left");
                    }

                    value = Take(message, ref position, (int)length);
                    break;
                case WireField.Fixed32Type:
                    value = Take(message, ref position, 4);
                    break;
                default:
                    throw new ModelFormatException($"protobuf: field {number} has wire type {wireType}, which ONNX does not use");
            }

            fields.Add(new WireField(number, wireType, varint, value, message[start..position]));
        }

        return fields;
    }

    /// <summary>The varints of a repeated integer field: packed (one length-delimited field) or one field per value.</summary>
    public static IEnumerable<long> Int64s(WireField field)
    {
        if (field.WireType == WireField.VarintType)
        {
            return [(long)field.Varint];
        }

        var values = new List<long>();
        var span = field.Value.Span;
        var position = 0;
        while (position < span.Length)
        {
            values.Add((long)ReadVarint(span, ref position));
        }

        return values;
    }

    public static ulong ReadVarint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= span.Length)
            {
                throw new ModelFormatException("protobuf: a varint runs past the end of its message");
            }

            var b = span[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new ModelFormatException("protobuf: a varint is longer than 10 bytes");
    }

    private static ReadOnlyMemory<byte> Take(ReadOnlyMemory<byte> message, ref int position, int length)
    {
        if (length > message.Length - position)
        {
            throw new ModelFormatException($"protobuf: a field needs {length} bytes, {message.Length - position} are left");
        }

        var value = message.Slice(position, length);
        position += length;
        return value;
    }
}
