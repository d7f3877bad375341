namespace PaperLsp.Embeddings.Tests.Onnx;

/// <summary>A node attribute (ONNX AttributeProto) of one of the kinds the graph builder supports.</summary>
public sealed class OnnxAttribute
{
    private OnnxAttribute(string name, AttributeKind kind)
    {
        Name = name;
        Kind = kind;
    }

    internal enum AttributeKind
    {
        Float = 1,
        Int = 2,
        String = 3,
        Ints = 7,
    }

    public string Name { get; }

    internal AttributeKind Kind { get; }

    internal float FloatValue { get; private init; }

    internal long IntValue { get; private init; }

    internal string StringValue { get; private init; } = "";

    internal IReadOnlyList<long> IntsValue { get; private init; } = [];

    public static OnnxAttribute Float(string name, float value) => new(name, AttributeKind.Float) { FloatValue = value };

    public static OnnxAttribute Int(string name, long value) => new(name, AttributeKind.Int) { IntValue = value };

    public static OnnxAttribute String(string name, string value) => new(name, AttributeKind.String) { StringValue = value };

    public static OnnxAttribute Ints(string name, params long[] values) => new(name, AttributeKind.Ints) { IntsValue = values };

    internal ProtoWriter ToProto()
    {
        // AttributeProto: name=1, f=2, i=3, s=4, ints=8, type=20
        var proto = new ProtoWriter().String(1, Name);
        switch (Kind)
        {
            case AttributeKind.Float:
                proto.Float(2, FloatValue);
                break;
            case AttributeKind.Int:
                proto.Varint(3, IntValue);
                break;
            case AttributeKind.String:
                proto.String(4, StringValue);
                break;
            case AttributeKind.Ints:
                foreach (var value in IntsValue)
                {
                    proto.Varint(8, value);
                }

                break;
        }

        return proto.Varint(20, (long)Kind);
    }
}
