using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace PaperLsp.Embeddings.Quantization;

/// <summary>
/// Dynamic int8 quantization of an ONNX model's constant MatMul weights, done on the encoded protobuf: every
/// <c>MatMul(A, W)</c> whose W is a 2-d float initializer (not overridable as a graph input) becomes
/// <c>DynamicQuantizeLinear(A) → MatMulInteger(A_u8, W_i8, A_zero) → Cast(float) → Mul(A_scale × W_scale)</c>, the
/// standard-ONNX pattern (opset ≥ 11) that ONNX Runtime's own Python quantizer writes. W is quantized
/// symmetrically (zero point 0, range ±127) per column or per tensor. Every other node, initializer and field of the
/// model is copied byte for byte; the float W is dropped once nothing reads it.
/// </summary>
public static class OnnxWeightQuantizer
{
    private const int MinimumOpset = 11;

    public static QuantizedModel Quantize(byte[] model, WeightScales scales = WeightScales.PerColumn)
    {
        ArgumentNullException.ThrowIfNull(model);
        var modelFields = WireReader.Fields(model);

        // ModelProto: graph=7, opset_import=8 (OperatorSetIdProto: domain=1, version=2)
        var opset = modelFields.Where(f => f.Number == 8 && f.WireType == WireField.LengthDelimitedType)
            .Select(f => WireReader.Fields(f.Value))
            .Where(fs => fs.FirstOrDefault(x => x.Number == 1) is var d && (d.Value.IsEmpty || d.Text is "" or "ai.onnx"))
            .Select(fs => (long)fs.FirstOrDefault(x => x.Number == 2).Varint)
            .DefaultIfEmpty(0)
            .Max();
        var graphFields = modelFields.Where(f => f.Number == 7 && f.WireType == WireField.LengthDelimitedType).ToList();
        if (graphFields.Count != 1)
        {
            return new QuantizedModel(model, 0, 0, "the model has no graph");
        }

        var graph = WireReader.Fields(graphFields[0].Value);

        // GraphProto: node=1, initializer=5, input=11, output=12, value_info=13 (ValueInfoProto: name=1)
        var nodes = new Dictionary<int, OnnxNode>();
        var initializers = new Dictionary<string, (int Index, OnnxTensor Tensor)>(StringComparer.Ordinal);
        var graphInputs = new HashSet<string>(StringComparer.Ordinal);
        var graphOutputs = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < graph.Count; i++)
        {
            var field = graph[i];
            if (field.WireType != WireField.LengthDelimitedType)
            {
                continue;
            }

            switch (field.Number)
            {
                case 1:
                    var node = OnnxNode.Parse(field.Value);
                    nodes[i] = node;
                    names.UnionWith(node.Inputs);
                    names.UnionWith(node.Outputs);
                    names.Add(node.Name);
                    break;
                case 5:
                    var tensor = OnnxTensor.Parse(field.Value);
                    initializers[tensor.Name] = (i, tensor);
                    names.Add(tensor.Name);
                    break;
                case 11 or 12 or 13:
                    var valueName = ValueInfoName(field.Value);
                    (field.Number == 11 ? graphInputs : field.Number == 12 ? graphOutputs : names).Add(valueName);
                    names.Add(valueName);
                    break;
            }
        }

        var matMuls = nodes.Values.Count(IsMatMul);
        if (opset < MinimumOpset)
        {
            return new QuantizedModel(model, matMuls, 0, $"the model's opset {opset} is older than {MinimumOpset} (DynamicQuantizeLinear)");
        }

        var quantizedWeights = new Dictionary<string, (string Weight, string Scale)>(StringComparer.Ordinal);
        var newInitializers = new List<WireWriter>();
        var replacements = new Dictionary<int, List<WireWriter>>();
        foreach (var (index, node) in nodes.OrderBy(n => n.Key))
        {
            if (!IsMatMul(node) || node.Inputs.Count != 2 || node.Outputs.Count != 1 || graphInputs.Contains(node.Inputs[1])
                || !initializers.TryGetValue(node.Inputs[1], out var weight) || weight.Tensor.Dims.Count != 2)
            {
                continue;
            }

            if (!quantizedWeights.TryGetValue(weight.Tensor.Name, out var q))
            {
                var values = weight.Tensor.Floats();
                var rows = weight.Tensor.Dims[0];
                var columns = weight.Tensor.Dims[1];
                if (values is null || rows <= 0 || columns <= 0 || values.LongLength != rows * columns)
                {
                    continue;
                }

                var (codes, weightScales) = QuantizeWeights(values, (int)rows, (int)columns, scales);
                q = (Unique(names, weight.Tensor.Name + "_int8"), Unique(names, weight.Tensor.Name + "_scale"));
                newInitializers.Add(OnnxTensor.Encode(q.Weight, OnnxTensor.Int8Type, [rows, columns], MemoryMarshal.AsBytes(codes.AsSpan())));
                newInitializers.Add(OnnxTensor.Encode(q.Scale, OnnxTensor.FloatType, scales == WeightScales.PerColumn ? [columns] : [], MemoryMarshal.AsBytes(weightScales.AsSpan())));
                quantizedWeights[weight.Tensor.Name] = q;
            }

            var output = node.Outputs[0];
            var baseName = node.Name.Length > 0 ? node.Name : output;
            string aQuantized = Unique(names, output + "_a_u8"), aScale = Unique(names, output + "_a_scale"), aZero = Unique(names, output + "_a_zero");
            string product = Unique(names, output + "_i32"), asFloat = Unique(names, output + "_f32"), scale = Unique(names, output + "_scale");
            replacements[index] =
            [
                OnnxNode.Encode(Unique(names, baseName + "_quantize_a"), "DynamicQuantizeLinear", [node.Inputs[0]], [aQuantized, aScale, aZero]),
                OnnxNode.Encode(Unique(names, baseName + "_int8"), "MatMulInteger", [aQuantized, q.Weight, aZero], [product]),
                OnnxNode.Encode(Unique(names, baseName + "_cast"), "Cast", [product], [asFloat], ("to", OnnxTensor.FloatType)),
                OnnxNode.Encode(Unique(names, baseName + "_scales"), "Mul", [aScale, q.Scale], [scale]),
                OnnxNode.Encode(Unique(names, baseName + "_rescale"), "Mul", [asFloat, scale], [output]),
            ];
        }

        if (replacements.Count == 0)
        {
            return new QuantizedModel(model, matMuls, 0, "no MatMul has a constant 2-d float weight");
        }

        // A float weight stays when anything still reads it (another node, a graph output, a subgraph of any node).
        var stillRead = new HashSet<string>(graphOutputs, StringComparer.Ordinal);
        foreach (var (index, node) in nodes)
        {
            if (!replacements.ContainsKey(index))
            {
                stillRead.UnionWith(node.Inputs);
            }
        }

        var keepAll = nodes.Values.Any(n => n.HasSubgraph);
        var dropped = quantizedWeights.Keys.Where(n => !keepAll && !stillRead.Contains(n)).Select(n => initializers[n].Index).ToHashSet();

        var newGraph = new WireWriter(graphFields[0].Value.Length + 1024);
        for (var i = 0; i < graph.Count; i++)
        {
            if (replacements.TryGetValue(i, out var replacement))
            {
                foreach (var node in replacement)
                {
                    newGraph.Message(1, node);
                }
            }
            else if (!dropped.Contains(i))
            {
                newGraph.Raw(graph[i].Raw.Span);
            }
        }

        foreach (var initializer in newInitializers)
        {
            newGraph.Message(5, initializer);
        }

        var newModel = new WireWriter(model.Length);
        foreach (var field in modelFields)
        {
            if (field.Number == 7 && field.WireType == WireField.LengthDelimitedType)
            {
                newModel.Message(7, newGraph);
            }
            else
            {
                newModel.Raw(field.Raw.Span);
            }
        }

        return new QuantizedModel(newModel.ToArray(), matMuls, replacements.Count, null);
    }

    /// <summary>Symmetric int8 codes (±127, zero point 0) of a row-major [rows × columns] matrix and their scales.</summary>
    internal static (sbyte[] Codes, float[] Scales) QuantizeWeights(float[] values, int rows, int columns, WeightScales scales)
    {
        var row = new float[columns];
        var maxima = new float[columns];
        for (var r = 0; r < rows; r++)
        {
            TensorPrimitives.Abs(values.AsSpan(r * columns, columns), row);
            TensorPrimitives.Max(maxima, row, maxima);
        }

        var perColumn = scales == WeightScales.PerColumn ? maxima : [TensorPrimitives.Max(maxima)];
        var result = perColumn.Select(m => m > 0 && float.IsFinite(m) ? m / 127f : 1f).ToArray();
        var divisors = scales == WeightScales.PerColumn ? result : Enumerable.Repeat(result[0], columns).ToArray();
        var codes = new sbyte[values.Length];
        for (var r = 0; r < rows; r++)
        {
            // round half to even, then clamp to ±127 (a symmetric range: -128 is never used)
            TensorPrimitives.Divide(values.AsSpan(r * columns, columns), divisors, row);
            TensorPrimitives.Round(row, row);
            TensorPrimitives.Max(row, -127f, row);
            TensorPrimitives.Min(row, 127f, row);
            TensorPrimitives.ConvertTruncating<float, sbyte>(row, codes.AsSpan(r * columns, columns));
        }

        return (codes, result);
    }

    private static bool IsMatMul(OnnxNode node) => node.OpType == "MatMul" && node.Domain is "" or "ai.onnx";

    private static string ValueInfoName(ReadOnlyMemory<byte> valueInfo) =>
        WireReader.Fields(valueInfo).FirstOrDefault(f => f.Number == 1 && f.WireType == WireField.LengthDelimitedType) is { Raw.IsEmpty: false } name ? name.Text : "";

    private static string Unique(HashSet<string> names, string wanted)
    {
        var name = wanted;
        for (var n = 2; !names.Add(name); n++)
        {
            name = wanted + "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }
}
