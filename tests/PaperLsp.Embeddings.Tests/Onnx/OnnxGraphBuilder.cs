using System.Runtime.InteropServices;

namespace PaperLsp.Embeddings.Tests.Onnx;

/// <summary>
/// Builds an ONNX model (a single graph in the default domain) and serialises it with a hand-written
/// protobuf encoder. Output is deterministic: same calls in the same order give the same bytes.
/// </summary>
public sealed class OnnxGraphBuilder
{
    private readonly List<ProtoWriter> nodes = [];
    private readonly List<ProtoWriter> initializers = [];
    private readonly List<ProtoWriter> inputs = [];
    private readonly List<ProtoWriter> outputs = [];
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private readonly List<string> outputNames = [];
    private int nodeCounter;

    public OnnxGraphBuilder(string graphName, int opsetVersion = 17)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(graphName);
        GraphName = graphName;
        OpsetVersion = opsetVersion;
    }

    public string GraphName { get; }

    public int OpsetVersion { get; }

    public int NodeCount => nodes.Count;

    public int InitializerCount => initializers.Count;

    public void AddInput(string name, OnnxElementType elementType, params OnnxDimension[] shape)
    {
        Reserve(name);
        inputs.Add(ValueInfo(name, elementType, shape));
    }

    /// <summary>Declares a graph output; some node must produce a value of that name before <see cref="ToBytes"/>.</summary>
    public void AddOutput(string name, OnnxElementType elementType, params OnnxDimension[] shape)
    {
        outputNames.Add(name);
        outputs.Add(ValueInfo(name, elementType, shape));
    }

    public string AddInitializer(string name, OnnxElementType elementType, IReadOnlyList<long> dims, ReadOnlySpan<byte> littleEndianData)
    {
        Reserve(name);
        long count = 1;
        foreach (var d in dims)
        {
            count *= d;
        }

        var elementSize = elementType switch
        {
            OnnxElementType.Float or OnnxElementType.Int32 => 4,
            OnnxElementType.Int64 => 8,
            OnnxElementType.Bool => 1,
            _ => throw new ArgumentOutOfRangeException(nameof(elementType)),
        };
        if (count * elementSize != littleEndianData.Length)
        {
            throw new ArgumentException($"initializer '{name}': shape [{string.Join(",", dims)}] needs {count * elementSize} bytes, got {littleEndianData.Length}");
        }

        // TensorProto: dims=1, data_type=2, name=8, raw_data=9
        var tensor = new ProtoWriter();
        foreach (var d in dims)
        {
            tensor.Varint(1, d);
        }

        tensor.Varint(2, (long)elementType).String(8, name).Bytes(9, littleEndianData);
        initializers.Add(tensor);
        return name;
    }

    public string AddFloats(string name, float[] values, params long[] dims) =>
        AddInitializer(name, OnnxElementType.Float, dims, MemoryMarshal.AsBytes(values.AsSpan()));

    public string AddInt64s(string name, long[] values, params long[] dims) =>
        AddInitializer(name, OnnxElementType.Int64, dims, MemoryMarshal.AsBytes(values.AsSpan()));

    public string AddScalar(string name, float value) => AddFloats(name, [value]);

    public string AddScalar(string name, long value) => AddInt64s(name, [value]);

    /// <summary>Adds a node with one output named automatically; returns that output's name.</summary>
    public string Node(string opType, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes) =>
        Node(opType, inputs, [$"{opType.ToLowerInvariant()}_{nodeCounter + 1}"], attributes)[0];

    /// <summary>Adds a node with the given outputs; returns them.</summary>
    public IReadOnlyList<string> Node(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params OnnxAttribute[] attributes)
    {
        nodeCounter++;
        // NodeProto: input=1, output=2, name=3, op_type=4, attribute=5
        var node = new ProtoWriter();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }

        foreach (var output in outputs)
        {
            Reserve(output);
            node.String(2, output);
        }

        node.String(3, $"n{nodeCounter}_{opType}").String(4, opType);
        foreach (var attribute in attributes)
        {
            node.Message(5, attribute.ToProto());
        }

        nodes.Add(node);
        return outputs;
    }

    public byte[] ToBytes(string producerName, string producerVersion)
    {
        var undefined = outputNames.Where(n => !names.Contains(n)).ToArray();
        if (undefined.Length > 0)
        {
            throw new InvalidOperationException($"ONNX graph '{GraphName}': no node produces the output(s) {string.Join(", ", undefined)}");
        }

        // GraphProto: node=1, name=2, initializer=5, input=11, output=12
        var graph = new ProtoWriter();
        foreach (var node in nodes)
        {
            graph.Message(1, node);
        }

        graph.String(2, GraphName);
        foreach (var initializer in initializers)
        {
            graph.Message(5, initializer);
        }

        foreach (var input in inputs)
        {
            graph.Message(11, input);
        }

        foreach (var output in outputs)
        {
            graph.Message(12, output);
        }

        // ModelProto: ir_version=1, producer_name=2, producer_version=3, graph=7, opset_import=8
        var model = new ProtoWriter()
            .Varint(1, 8)
            .String(2, producerName)
            .String(3, producerVersion)
            .Message(7, graph)
            .Message(8, new ProtoWriter().String(1, "").Varint(2, OpsetVersion));
        return model.ToArray();
    }

    private void Reserve(string name)
    {
        if (!names.Add(name))
        {
            throw new InvalidOperationException($"ONNX graph '{GraphName}': the name '{name}' is defined twice");
        }
    }

    private static ProtoWriter ValueInfo(string name, OnnxElementType elementType, OnnxDimension[] shape)
    {
        var shapeProto = new ProtoWriter();
        foreach (var dim in shape)
        {
            var dimProto = new ProtoWriter();
            if (dim.Symbol is not null)
            {
                dimProto.String(2, dim.Symbol);
            }
            else
            {
                dimProto.Varint(1, dim.Size);
            }

            shapeProto.Message(1, dimProto);
        }

        var tensorType = new ProtoWriter().Varint(1, (long)elementType).Message(2, shapeProto);
        var type = new ProtoWriter().Message(1, tensorType);
        return new ProtoWriter().String(1, name).Message(2, type);
    }
}
