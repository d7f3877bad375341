using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using PaperLsp.Embeddings.Quantization;
using PaperLsp.Embeddings.Tests.Onnx;

namespace PaperLsp.Embeddings.Tests;

public sealed class OnnxWeightQuantizerTests
{
    private const int Inner = 16;
    private const int Columns = 6;

    [Theory]
    [InlineData(WeightScales.PerColumn)]
    [InlineData(WeightScales.PerTensor)]
    public void Quantized_matmul_gives_the_float_output_within_quantization_error(WeightScales scales)
    {
        var model = AffineModel();
        var quantized = OnnxWeightQuantizer.Quantize(model, scales);

        Assert.Equal(1, quantized.MatMuls);
        Assert.Equal(1, quantized.QuantizedMatMuls);
        Assert.Null(quantized.Note);
        var x = Values(3 * 4 * Inner, seed: 7, scale: 2f);
        var expected = Run(model, x);
        var actual = Run(quantized.Bytes, x);

        // Error bound: activation step (range/255) and weight step (max|w|/127) over 16 products.
        var largest = expected.Max(Math.Abs);
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 0.03f * largest, $"element {i}: float {expected[i]}, int8 {actual[i]} (largest {largest})");
        }

        Assert.True(TensorPrimitives.CosineSimilarity(expected, actual) > 0.999f);
        Assert.NotEqual(expected, actual); // really computed in int8, not the float graph again
        Assert.DoesNotContain(WireReader.Fields(Graph(quantized.Bytes).Value), f => f.Number == 5 && OnnxTensor.Parse(f.Value).Name == "w");
    }

    [Fact]
    public void Matmul_of_two_activations_is_left_unchanged()
    {
        var g = new OnnxGraphBuilder("dynamic");
        g.AddInput("a", OnnxElementType.Float, OnnxDimension.Fixed(2), OnnxDimension.Fixed(3));
        g.AddInput("b", OnnxElementType.Float, OnnxDimension.Fixed(3), OnnxDimension.Fixed(2));
        g.AddOutput("y", OnnxElementType.Float, OnnxDimension.Fixed(2), OnnxDimension.Fixed(2));
        g.Node("MatMul", ["a", "b"], ["y"]);
        var model = g.ToBytes("tests", "1");

        var quantized = OnnxWeightQuantizer.Quantize(model);

        Assert.Equal(1, quantized.MatMuls);
        Assert.Equal(0, quantized.QuantizedMatMuls);
        Assert.Same(model, quantized.Bytes);
        Assert.Contains("no MatMul", quantized.Note);
    }

    [Fact]
    public void Weight_that_is_also_a_graph_input_is_not_constant_and_stays_float()
    {
        var g = new OnnxGraphBuilder("overridable");
        g.AddInput("x", OnnxElementType.Float, OnnxDimension.Named("n"), OnnxDimension.Fixed(2));
        g.AddInput("w", OnnxElementType.Float, OnnxDimension.Fixed(2), OnnxDimension.Fixed(2));
        g.AddOutput("y", OnnxElementType.Float, OnnxDimension.Named("n"), OnnxDimension.Fixed(2));
        g.AddFloats("w_default", [1f, 2f, 3f, 4f], 2, 2);
        g.Node("MatMul", ["x", "w"], ["y"]);

        Assert.Equal(0, OnnxWeightQuantizer.Quantize(g.ToBytes("tests", "1")).QuantizedMatMuls);
    }

    [Fact]
    public void Model_older_than_opset_11_is_left_unchanged()
    {
        var g = new OnnxGraphBuilder("old", opsetVersion: 10);
        g.AddInput("x", OnnxElementType.Float, OnnxDimension.Named("n"), OnnxDimension.Fixed(2));
        g.AddOutput("y", OnnxElementType.Float, OnnxDimension.Named("n"), OnnxDimension.Fixed(2));
        g.AddFloats("w", [1f, 2f, 3f, 4f], 2, 2);
        g.Node("MatMul", ["x", "w"], ["y"]);
        var model = g.ToBytes("tests", "1");

        var quantized = OnnxWeightQuantizer.Quantize(model);

        Assert.Same(model, quantized.Bytes);
        Assert.Contains("opset 10", quantized.Note);
    }

    [Fact]
    public void Unknown_fields_and_untouched_nodes_are_kept_byte_for_byte()
    {
        var model = AffineModel();
        var fields = WireReader.Fields(model);
        var graph = Graph(model);

        // An unknown field in the graph and one in the model, as a newer ONNX version might write them.
        var unknownInGraph = new WireWriter().String(999, "graph-extension").ToArray();
        var unknownInModel = new WireWriter().Varint(1000, 123456789).Bytes(1001, [1, 2, 3, 250]).ToArray();
        var extendedGraph = new WireWriter().Raw(graph.Value.Span).Raw(unknownInGraph);
        var extended = new WireWriter();
        foreach (var field in fields)
        {
            if (field.Number == 7)
            {
                extended.Message(7, extendedGraph);
            }
            else
            {
                extended.Raw(field.Raw.Span);
            }
        }

        extended.Raw(unknownInModel);
        var source = extended.ToArray();
        var untouched = WireReader.Fields(graph.Value).Where(f => f.Number is 1 or 5 or 11 or 12 && !IsMatMulOrWeight(f)).Select(f => f.Raw.ToArray()).ToList();
        Assert.NotEmpty(untouched);

        var quantized = OnnxWeightQuantizer.Quantize(source);

        Assert.Equal(1, quantized.QuantizedMatMuls);
        var outFields = WireReader.Fields(quantized.Bytes);
        Assert.Equal(unknownInModel, outFields.Where(f => f.Number >= 1000).SelectMany(f => f.Raw.ToArray()).ToArray());
        foreach (var field in fields.Where(f => f.Number != 7))
        {
            Assert.Contains(outFields, f => f.Raw.Span.SequenceEqual(field.Raw.Span));
        }

        var outGraph = WireReader.Fields(Graph(quantized.Bytes).Value);
        Assert.Contains(outGraph, f => f.Raw.Span.SequenceEqual(unknownInGraph));
        foreach (var raw in untouched)
        {
            Assert.Contains(outGraph, f => f.Raw.Span.SequenceEqual(raw));
        }

        var x = Values(3 * 4 * Inner, seed: 3, scale: 1f);
        Assert.True(TensorPrimitives.CosineSimilarity(Run(source, x), Run(quantized.Bytes, x)) > 0.999f);
    }

    [Fact]
    public void Shared_weight_is_quantized_once_and_a_weight_other_nodes_read_stays()
    {
        var g = new OnnxGraphBuilder("shared");
        g.AddInput("x", OnnxElementType.Float, OnnxDimension.Named("n"), OnnxDimension.Fixed(Inner));
        g.AddOutput("y", OnnxElementType.Float, OnnxDimension.Named("n"), OnnxDimension.Fixed(Inner));
        g.AddOutput("w_plus", OnnxElementType.Float, OnnxDimension.Fixed(Inner), OnnxDimension.Fixed(Inner));
        g.AddFloats("w", Values(Inner * Inner, seed: 11, scale: 0.5f), Inner, Inner);
        g.AddFloats("one", [1f], 1);
        var first = g.Node("MatMul", ["x", "w"]);
        g.Node("MatMul", [first, "w"], ["y"]);
        g.Node("Add", ["w", "one"], ["w_plus"]);
        var model = g.ToBytes("tests", "1");

        var quantized = OnnxWeightQuantizer.Quantize(model);

        Assert.Equal(2, quantized.QuantizedMatMuls);
        var initializers = WireReader.Fields(Graph(quantized.Bytes).Value).Where(f => f.Number == 5).Select(f => OnnxTensor.Parse(f.Value)).ToList();
        Assert.Single(initializers, t => t.DataType == OnnxTensor.Int8Type);
        Assert.Contains(initializers, t => t.Name == "w" && t.DataType == OnnxTensor.FloatType);

        using var session = new InferenceSession(quantized.Bytes);
        using var x = OrtValue.CreateTensorValueFromMemory(Values(2 * Inner, seed: 5, scale: 1f), [2, Inner]);
        using var results = session.Run(new RunOptions(), ["x"], [x], ["y", "w_plus"]);
        Assert.Equal(Inner * Inner, results[1].GetTensorDataAsSpan<float>().Length);
    }

    [Fact]
    public void Weight_codes_are_symmetric_and_within_half_a_step_per_column()
    {
        var values = new float[] { 1f, -0.01f, -2f, 0.02f, 0.5f, 0f };
        var (codes, scales) = OnnxWeightQuantizer.QuantizeWeights(values, rows: 3, columns: 2, WeightScales.PerColumn);

        Assert.Equal([2f / 127, 0.02f / 127], scales);
        Assert.Equal(-127, codes[2]);
        Assert.Equal(127, codes[3]);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.True(Math.Abs((codes[i] * scales[i % 2]) - values[i]) <= scales[i % 2] / 2 + 1e-7f, $"element {i}");
        }

        var (_, single) = OnnxWeightQuantizer.QuantizeWeights(values, rows: 3, columns: 2, WeightScales.PerTensor);
        Assert.Equal([2f / 127], single);
    }

    private static byte[] AffineModel()
    {
        var g = new OnnxGraphBuilder("affine");
        g.AddInput("x", OnnxElementType.Float, OnnxDimension.Named("batch"), OnnxDimension.Named("seq"), OnnxDimension.Fixed(Inner));
        g.AddOutput("y", OnnxElementType.Float, OnnxDimension.Named("batch"), OnnxDimension.Named("seq"), OnnxDimension.Fixed(Columns));
        g.AddFloats("w", Values(Inner * Columns, seed: 1, scale: 0.3f), Inner, Columns);
        g.AddFloats("b", Values(Columns, seed: 2, scale: 0.1f), Columns);
        var product = g.Node("MatMul", ["x", "w"]);
        g.Node("Add", [product, "b"], ["y"]);
        return g.ToBytes("tests", "1");
    }

    private static bool IsMatMulOrWeight(WireField field) =>
        (field.Number == 1 && OnnxNode.Parse(field.Value).OpType == "MatMul") || (field.Number == 5 && OnnxTensor.Parse(field.Value).Name == "w");

    private static WireField Graph(byte[] model) => Assert.Single(WireReader.Fields(model), f => f.Number == 7);

    private static float[] Run(byte[] model, float[] x)
    {
        using var session = new InferenceSession(model);
        using var input = OrtValue.CreateTensorValueFromMemory(x, [3, 4, Inner]);
        using var results = session.Run(new RunOptions(), ["x"], [input], ["y"]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static float[] Values(int count, int seed, float scale)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1) * scale).ToArray();
    }
}
