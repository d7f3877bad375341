using PaperLsp.Embeddings.Models;

namespace PaperLsp.Embeddings.Tests;

[Collection(EnvironmentCollection.Name)]
public sealed class ModelLocatorTests
{
    [Fact]
    public void Environment_variable_wins_when_it_names_a_prepared_model()
    {
        using var dir = new TempDirectory();
        TinyOnnxModels.WriteBertFolder(dir.Path, PoolingMode.Mean, normalize: true);
        var previous = Environment.GetEnvironmentVariable(ModelLocator.ModelEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(ModelLocator.ModelEnvironmentVariable, dir.Path);
            Assert.Equal(Path.GetFullPath(dir.Path), ModelLocator.FindDefault());
            Assert.Equal(Path.GetFullPath(dir.Path), ModelLocator.Candidates().First());
        }
        finally
        {
            Environment.SetEnvironmentVariable(ModelLocator.ModelEnvironmentVariable, previous);
        }
    }

    [Fact]
    public void Looks_above_the_program_and_in_xdg_data_home()
    {
        var previous = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        try
        {
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", "/data-home");
            var candidates = ModelLocator.Candidates().ToList();
            Assert.Contains(Path.Combine(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar), "models", "use-lite"), candidates);
            Assert.Equal(Path.Combine("/data-home", "paperlsp", "models", "use-lite"), candidates[^1]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("XDG_DATA_HOME", previous);
        }
    }

    [Fact]
    public void A_folder_without_its_files_is_not_a_prepared_model()
    {
        using var dir = new TempDirectory();
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
        using var dir = new TempDirectory();
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
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, ModelManifest.FileName), json);
        var ex = Assert.Throws<ModelFormatException>(() => ModelManifest.Load(dir.Path));
        Assert.Contains("manifest", ex.Message);
    }
}
