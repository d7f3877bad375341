using Microsoft.ML.OnnxRuntime;
using PaperLsp.Embeddings.Tests.Onnx;

namespace PaperLsp.Embeddings.Tests;

public sealed class OnnxGraphBuilderTests
{
    [Fact]
    public void Written_model_runs_in_onnx_runtime()
    {
        var g = new OnnxGraphBuilder("affine");
        g.AddInput("x", OnnxElementType.Float, OnnxDimension.Named("n"), OnnxDimension.Fixed(2));
        g.AddOutput("y", OnnxElementType.Float, OnnxDimension.Named("n"), OnnxDimension.Fixed(2));
        g.AddFloats("w", [1f, 2f, 3f, 4f], 2, 2);
        g.AddFloats("b", [0.5f, -0.5f], 2);
        var product = g.Node("MatMul", ["x", "w"]);
        var shifted = g.Node("Add", [product, "b"]);
        g.Node("LeakyRelu", [shifted], ["y"], OnnxAttribute.Float("alpha", 0.25f));

        using var session = new InferenceSession(g.ToBytes("tests", "1"));
        using var x = OrtValue.CreateTensorValueFromMemory(new float[] { 1f, 1f, -2f, 0f }, [2, 2]);
        using var results = session.Run(new RunOptions(), ["x"], [x], ["y"]);
        // [1,1]·w + b = [4.5, 5.5]; [-2,0]·w + b = [-1.5, -4.5] → leaky ×0.25
        Assert.Equal([4.5f, 5.5f, -0.375f, -1.125f], results[0].GetTensorDataAsSpan<float>().ToArray());
    }

    [Fact]
    public void Output_is_deterministic()
    {
        Assert.Equal(TinyOnnxModels.GatherModel(), TinyOnnxModels.GatherModel());
    }

    [Fact]
    public void Names_must_be_unique_and_outputs_produced()
    {
        var g = new OnnxGraphBuilder("bad");
        g.AddFloats("w", [1f], 1);
        Assert.Throws<InvalidOperationException>(() => g.AddFloats("w", [2f], 1));
        g.AddOutput("never", OnnxElementType.Float, OnnxDimension.Fixed(1));
        Assert.Contains("never", Assert.Throws<InvalidOperationException>(() => g.ToBytes("t", "1")).Message);
    }

    [Fact]
    public void Initializer_size_must_match_its_shape()
    {
        var g = new OnnxGraphBuilder("bad");
        Assert.Throws<ArgumentException>(() => g.AddFloats("w", [1f, 2f, 3f], 2, 2));
    }
}
