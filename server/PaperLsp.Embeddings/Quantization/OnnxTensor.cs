using System.Runtime.InteropServices;

namespace PaperLsp.Embeddings.Quantization;

/// <summary>The parts of an ONNX TensorProto (an initializer) the quantizer reads.</summary>
internal sealed record OnnxTensor(string Name, int DataType, IReadOnlyList<long> Dims, bool External, ReadOnlyMemory<byte> RawData, IReadOnlyList<WireField> FloatData)
{
    public const int FloatType = 1;
    public const int Int8Type = 3;

    // TensorProto: dims=1, data_type=2, float_data=4, name=8, raw_data=9, data_location=14 (EXTERNAL = 1)
    public static OnnxTensor Parse(ReadOnlyMemory<byte> encoded)
    {
        var dims = new List<long>();
        var floatData = new List<WireField>();
        string name = "";
        var dataType = 0;
        var external = false;
        ReadOnlyMemory<byte> raw = default;
        foreach (var field in WireReader.Fields(encoded))
        {
            switch (field.Number)
            {
                case 1:
                    dims.AddRange(WireReader.Int64s(field));
                    break;
                case 2 when field.WireType == WireField.VarintType:
                    dataType = (int)field.Varint;
                    break;
                case 4:
                    floatData.Add(field);
                    break;
                case 8 when field.WireType == WireField.LengthDelimitedType:
                    name = field.Text;
                    break;
                case 9 when field.WireType == WireField.LengthDelimitedType:
                    raw = field.Value;
                    break;
                case 14 when field.WireType == WireField.VarintType:
                    external = field.Varint == 1;
                    break;
            }
        }

        return new OnnxTensor(name, dataType, dims, external, raw, floatData);
    }

    /// <summary>The values of a float tensor stored in the model (raw_data or float_data); null when they are not there.</summary>
    public float[]? Floats()
    {
        if (DataType != FloatType || External || !BitConverter.IsLittleEndian)
        {
            return null;
        }

        if (!RawData.IsEmpty)
        {
            return RawData.Length % sizeof(float) == 0 ? MemoryMarshal.Cast<byte, float>(RawData.Span).ToArray() : null;
        }

        var values = new List<float>();
        foreach (var field in FloatData)
        {
            if (field.WireType is WireField.LengthDelimitedType or WireField.Fixed32Type && field.Value.Length % sizeof(float) == 0)
            {
                values.AddRange(MemoryMarshal.Cast<byte, float>(field.Value.Span).ToArray());
            }
            else
            {
                return null;
            }
        }

        return values.ToArray();
    }

    /// <summary>Encodes a tensor with its bytes in raw_data (little-endian).</summary>
    public static WireWriter Encode(string name, int dataType, IReadOnlyList<long> dims, ReadOnlySpan<byte> raw)
    {
        var tensor = new WireWriter(raw.Length + 64);
        foreach (var d in dims)
        {
            tensor.Varint(1, d);
        }

        return tensor.Varint(2, dataType).String(8, name).Bytes(9, raw);
    }
}
