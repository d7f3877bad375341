namespace PaperLsp.Embeddings.Quantization;

/// <summary>The parts of an ONNX NodeProto the quantizer reads (the node itself is copied from its encoded bytes).</summary>
internal sealed record OnnxNode(string Name, string OpType, string Domain, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, bool HasSubgraph)
{
    // NodeProto: input=1, output=2, name=3, op_type=4, attribute=5, domain=7; AttributeProto: g=6, graphs=11
    public static OnnxNode Parse(ReadOnlyMemory<byte> encoded)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        string name = "", opType = "", domain = "";
        var hasSubgraph = false;
        foreach (var field in WireReader.Fields(encoded))
        {
            switch (field.Number)
            {
                case 1 when field.WireType == WireField.LengthDelimitedType:
                    inputs.Add(field.Text);
                    break;
                case 2 when field.WireType == WireField.LengthDelimitedType:
                    outputs.Add(field.Text);
                    break;
                case 3 when field.WireType == WireField.LengthDelimitedType:
                    name = field.Text;
                    break;
                case 4 when field.WireType == WireField.LengthDelimitedType:
                    opType = field.Text;
                    break;
                case 7 when field.WireType == WireField.LengthDelimitedType:
                    domain = field.Text;
                    break;
                case 5 when field.WireType == WireField.LengthDelimitedType:
                    hasSubgraph |= WireReader.Fields(field.Value).Any(a => a.Number is 6 or 11);
                    break;
            }
        }

        return new OnnxNode(name, opType, domain, inputs, outputs, hasSubgraph);
    }

    /// <summary>Encodes a node in the default domain with an optional integer attribute.</summary>
    public static WireWriter Encode(string name, string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, (string Name, long Value)? intAttribute = null)
    {
        var node = new WireWriter();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }

        foreach (var output in outputs)
        {
            node.String(2, output);
        }

        node.String(3, name).String(4, opType);
        if (intAttribute is { } attribute)
        {
            // AttributeProto: name=1, i=3, type=20 (INT = 2)
            node.Message(5, new WireWriter().String(1, attribute.Name).Varint(3, attribute.Value).Varint(20, 2));
        }

        return node;
    }
}
