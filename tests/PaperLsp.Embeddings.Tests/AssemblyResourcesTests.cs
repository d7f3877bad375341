using System.Security.Cryptography;
using PaperLsp.Embeddings.Models;
using PaperLsp.TestSupport;

namespace PaperLsp.Embeddings.Tests;

/// <summary>Reading model files out of the packages' DLLs without loading them.</summary>
public sealed class AssemblyResourcesTests
{
    [SkippableFact]
    public void The_default_package_dll_carries_the_pinned_model_and_vocabulary()
    {
        var location = PreparedModel.RequireLocation();
        var names = AssemblyResources.List(location.ModelPath);
        Assert.Contains(names, n => n.EndsWith(".model.onnx", StringComparison.Ordinal));
        Assert.Contains(names, n => n.EndsWith(".vocab.txt", StringComparison.Ordinal));

        var vocabulary = AssemblyResources.Read(location.ModelPath, "vocab.txt");
        Assert.Equal(location.Manifest.TokenizerSha256, Convert.ToHexStringLower(SHA256.HashData(vocabulary)));
        var lines = System.Text.Encoding.UTF8.GetString(vocabulary).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(30522, lines.Length);
        Assert.Equal("[CLS]", lines[101].Trim());
        Assert.Equal("[SEP]", lines[102].Trim());
    }

    [SkippableFact]
    public void A_missing_resource_names_what_the_assembly_has()
    {
        var location = PreparedModel.RequireLocation();
        var ex = Assert.Throws<ModelFormatException>(() => AssemblyResources.Read(location.ModelPath, "tokenizer.json"));
        Assert.Contains("vocab.txt", ex.Message);
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_a_clear_error()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "fake.dll");
        File.WriteAllText(path, "MZ but not really a portable executable");
        Assert.Throws<ModelFormatException>(() => AssemblyResources.List(path));
        Assert.Throws<ModelFormatException>(() => AssemblyResources.Read(Path.Combine(dir.Path, "absent.dll"), "model.onnx"));
    }

    [Fact]
    public void An_assembly_without_the_resource_is_a_clear_error()
    {
        // This test assembly is a real .NET assembly that embeds no model.
        var ex = Assert.Throws<ModelFormatException>(() => AssemblyResources.Read(typeof(AssemblyResourcesTests).Assembly.Location, "model.onnx"));
        Assert.Contains("no resource named 'model.onnx'", ex.Message);
    }
}
