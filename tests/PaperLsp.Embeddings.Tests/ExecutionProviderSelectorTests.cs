using Microsoft.ML.OnnxRuntime;
using PaperLsp.Embeddings.Models;
using PaperLsp.Embeddings.Runtime;
using PaperLsp.TestSupport;

namespace PaperLsp.Embeddings.Tests;

public sealed class ExecutionProviderSelectorTests
{
    [Theory]
    [InlineData(null, ExecutionProviderPreference.Auto)]
    [InlineData("auto", ExecutionProviderPreference.Auto)]
    [InlineData(" CPU ", ExecutionProviderPreference.Cpu)]
    [InlineData("cuda", ExecutionProviderPreference.Cuda)]
    [InlineData("gpu", ExecutionProviderPreference.Cuda)]
    public void Parses_preferences(string? text, ExecutionProviderPreference expected) =>
        Assert.Equal(expected, ExecutionProviderSelector.Parse(text));

    [Fact]
    public void Unknown_preference_is_rejected() =>
        Assert.Contains("auto, cpu or cuda", Assert.Throws<ArgumentException>(() => ExecutionProviderSelector.Parse("tpu")).Message);

    [SkippableFact]
    public void Auto_falls_back_to_cpu_with_one_reason_line()
    {
        SkipWhenCudaIsAvailable();
        using var dir = new TempFolder();
        var lines = new List<string>();
        using var embedder = OnnxTextEmbedder.Open(
            TinyOnnxModels.WriteBertFolder(dir.Path, PoolingMode.Mean, normalize: true),
            new EmbedderOptions { Provider = ExecutionProviderPreference.Auto, Log = lines.Add });

        Assert.Equal("CPU", embedder.ActiveProvider);
        Assert.Contains("CUDA", embedder.ExecutionProvider.Reason);
        var line = Assert.Single(lines);
        Assert.StartsWith("embeddings: running on CPU because", line);
        Assert.Contains("CUDA", line);
    }

    [SkippableFact]
    public void Forced_cuda_is_a_clear_error_when_unavailable()
    {
        SkipWhenCudaIsAvailable();
        using var dir = new TempFolder();
        var folder = TinyOnnxModels.WriteBertFolder(dir.Path, PoolingMode.Mean, normalize: true);
        var ex = Assert.Throws<ExecutionProviderUnavailableException>(() =>
            OnnxTextEmbedder.Open(folder, new EmbedderOptions { Provider = ExecutionProviderPreference.Cuda }));
        Assert.Contains("CUDA execution provider requested but unavailable", ex.Message);
    }

    [Fact]
    public void Cpu_is_always_available()
    {
        using var options = new SessionOptions();
        var selection = ExecutionProviderSelector.Apply(options, ExecutionProviderPreference.Cpu);
        Assert.Equal(new ExecutionProviderSelection("CPU", "CPU requested"), selection);
        Assert.Contains("CPUExecutionProvider", ExecutionProviderSelector.AvailableProviders());
    }

    private static void SkipWhenCudaIsAvailable() =>
        Skip.If(
            ExecutionProviderSelector.AvailableProviders().Contains(ExecutionProviderSelector.CudaProviderName),
            "this machine's ONNX Runtime has CUDA: the CPU-fallback tests do not apply");
}
