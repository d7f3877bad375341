using System.Text.Json;
using PaperLsp.Server.Workspace;
using PaperLsp.TestSupport;

namespace PaperLsp.Server.Tests;

/// <summary>
/// The VS Code manifest documents the settings the server reads; the server's <see cref="PaperLspSettings"/> is the
/// one source of truth for their choices, ranges and defaults, and this test keeps client-vscode/package.json equal
/// to it (the client's own tests keep its settings mapping equal to package.json).
/// </summary>
public sealed class ClientManifestSettingsTests
{
    private static JsonElement Property(string key)
    {
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedData.RepoRoot, "client-vscode", "package.json"))).RootElement;
        return manifest.GetProperty("contributes").GetProperty("configuration").GetProperty("properties").GetProperty(key);
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public void Completion_limit_range_and_default_are_the_servers()
    {
        var limit = Property("paperlsp.completion.limit");
        Assert.Equal(PaperLspSettings.MinCompletionLimit, limit.GetProperty("minimum").GetInt32());
        Assert.Equal(PaperLspSettings.MaxCompletionLimit, limit.GetProperty("maximum").GetInt32());
        Assert.Equal(PaperLspSettings.Default.CompletionLimit, limit.GetProperty("default").GetInt32());
        Assert.Contains($"{PaperLspSettings.MinCompletionLimit}–{PaperLspSettings.MaxCompletionLimit}", limit.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Choices_and_defaults_are_the_servers()
    {
        Assert.Equal(PaperLspSettings.Devices, Strings(Property("paperlsp.device").GetProperty("enum")));
        Assert.Equal(PaperLspSettings.Default.Device, Property("paperlsp.device").GetProperty("default").GetString());
        Assert.Equal(PaperLspSettings.CitationStyles, Strings(Property("paperlsp.citation.style").GetProperty("enum")));
        Assert.Equal(PaperLspSettings.Default.CitationStyle, Property("paperlsp.citation.style").GetProperty("default").GetString());
        Assert.Equal(PaperLspSettings.Default.CompletionAddsBibEntry, Property("paperlsp.completion.addBibEntry").GetProperty("default").GetBoolean());
    }

    [Fact]
    public void Citation_key_pattern_default_is_the_servers_and_the_server_validates_it()
    {
        var property = Property("paperlsp.citationKey.pattern");
        Assert.Equal("", property.GetProperty("default").GetString());
        Assert.Contains("`" + PaperLsp.Ingestion.Identity.CitationKeyPattern.DefaultText + "`", property.GetProperty("markdownDescription").GetString(), StringComparison.Ordinal);
        static PaperLspSettings Read(string json) => PaperLspSettings.Read(JsonDocument.Parse(json).RootElement);
        Assert.Equal("[shorttitle:2][year?]", Read("""{"citationKeyPattern":"[shorttitle:2][year?]"}""").CitationKeyPattern);
        var bad = Read("""{"citationKeyPattern":"[title][year]"}""");
        Assert.Null(bad.CitationKeyPattern);
        Assert.Contains(bad.Problems, p => p.Contains("unknown field [title]", StringComparison.Ordinal));
        Assert.Equal("refs/main.bib", Read("""{"bibFile":"refs/main.bib"}""").BibFile);
        Assert.Equal("", Property("paperlsp.bibFile").GetProperty("default").GetString());
    }

    [Fact]
    public void The_server_enforces_the_documented_limit_range()
    {
        static PaperLspSettings Read(int limit) => PaperLspSettings.Read(JsonDocument.Parse($"{{\"completionLimit\":{limit}}}").RootElement);
        Assert.Equal(PaperLspSettings.MaxCompletionLimit, Read(PaperLspSettings.MaxCompletionLimit).CompletionLimit);
        Assert.Equal(PaperLspSettings.MinCompletionLimit, Read(PaperLspSettings.MinCompletionLimit).CompletionLimit);
        Assert.NotEmpty(Read(PaperLspSettings.MaxCompletionLimit + 1).Problems);
        Assert.NotEmpty(Read(PaperLspSettings.MinCompletionLimit - 1).Problems);
    }
}
