using System.Text.Json;

namespace PaperLsp.Server.Tests.Features;

/// <summary>textDocument/hover and textDocument/definition through the in-process server.</summary>
public sealed class HoverDefinitionTests(SampleIndexFixture index) : IClassFixture<SampleIndexFixture>
{
    [Fact]
    public async Task Hover_on_a_bib_key_shows_its_card_with_the_key_range()
    {
        var (body, line, character) = TextPosition.Take("Prior work \\cite{doe2019other, smith20|20known}.");
        await using var session = await StartAsync(body);
        var uri = await session.OpenAsync("main.tex");

        var hover = await session.ResultAsync("textDocument/hover", FeatureSession.At(uri, line + 2, character));

        var contents = hover.GetProperty("contents");
        Assert.Equal("markdown", contents.GetProperty("kind").GetString());
        Assert.Contains("A Known Paper About Graph Coloring Heuristics", contents.GetProperty("value").GetString(), StringComparison.Ordinal);
        CompletionTests.AssertRange(hover.GetProperty("range"), line + 2, character - 7, line + 2, character + 7);
    }

    [Fact]
    public async Task Hover_on_a_catalog_key_and_on_an_arxiv_id_shows_the_paper()
    {
        var key = index.KeyOfTitle(FeatureWorkspace.SgdTitle);
        var arxiv = index.Store.GetByKey(key)!.Paper.ArxivId;
        var body = $"As shown \\cite{{{key}}}.\nSee arXiv:{arxiv} for details.";
        await using var session = await StartAsync(body);
        var uri = await session.OpenAsync("main.tex");

        var onKey = await session.ResultAsync("textDocument/hover", FeatureSession.At(uri, 2, 17));
        Assert.Contains(FeatureWorkspace.SgdTitle, onKey.GetProperty("contents").GetProperty("value").GetString(), StringComparison.Ordinal);
        if (arxiv is not null)
        {
            var onId = await session.ResultAsync("textDocument/hover", FeatureSession.At(uri, 3, 12));
            Assert.Contains(FeatureWorkspace.SgdTitle, onId.GetProperty("contents").GetProperty("value").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Prior work \\cite{nobody1999unknown}.", 22)]
    [InlineData("Plain prose here.", 3)]
    public async Task Hover_on_an_unknown_key_or_prose_is_null(string body, int character)
    {
        await using var session = await StartAsync(body);
        var uri = await session.OpenAsync("main.tex");

        var hover = await session.ResultAsync("textDocument/hover", FeatureSession.At(uri, 2, character));

        Assert.Equal(JsonValueKind.Null, hover.ValueKind);
    }

    [Fact]
    public async Task Definition_of_a_bib_key_is_its_entry_in_the_bib_file()
    {
        await using var session = await StartAsync("Prior work \\cite{doe2019other}.");
        var uri = await session.OpenAsync("main.tex");

        var location = await session.ResultAsync("textDocument/definition", FeatureSession.At(uri, 2, 20));

        Assert.Equal(session.Uri("refs.bib"), location.GetProperty("uri").GetString());
        var start = location.GetProperty("range").GetProperty("start");
        var bibLines = FeatureWorkspace.Bib.Split('\n');
        Assert.StartsWith("@inproceedings{doe2019other", bibLines[start.GetProperty("line").GetInt32()], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Definition_of_a_catalog_only_key_is_a_rendered_bib_file_under_the_index_folder()
    {
        var key = index.KeyOfTitle(FeatureWorkspace.SgdTitle);
        await using var session = await StartAsync($"As shown \\cite{{{key}}}.");
        var uri = await session.OpenAsync("main.tex");

        var location = await session.ResultAsync("textDocument/definition", FeatureSession.At(uri, 2, 17));

        var path = new Uri(location.GetProperty("uri").GetString()!).LocalPath;
        Assert.True(File.Exists(path), path);
        Assert.Equal(key + ".bib", Path.GetFileName(path));
        var lines = File.ReadAllLines(path);
        var line = location.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32();
        Assert.Contains("{" + key + ",", lines[line], StringComparison.Ordinal);
        Assert.Contains("Last-Iterate", string.Join('\n', lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Definition_of_an_unknown_key_is_null()
    {
        await using var session = await StartAsync("Prior work \\cite{nobody1999unknown}.");
        var uri = await session.OpenAsync("main.tex");

        var location = await session.ResultAsync("textDocument/definition", FeatureSession.At(uri, 2, 22));

        Assert.Equal(JsonValueKind.Null, location.ValueKind);
    }

    private Task<FeatureSession> StartAsync(string body) =>
        FeatureSession.StartAsync(index.NewWorkspace(FeatureWorkspace.Files(body)), index.Catalog);
}
