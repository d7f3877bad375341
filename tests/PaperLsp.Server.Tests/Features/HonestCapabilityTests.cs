using System.Text.Json.Nodes;
using PaperLsp.Server.Handlers;
using PaperLsp.Server.Services;

namespace PaperLsp.Server.Tests.Features;

/// <summary>What the server announces and how it labels content match what it really does.</summary>
public sealed class HonestCapabilityTests(SampleIndexFixture index) : IClassFixture<SampleIndexFixture>
{
    [Fact]
    public void Code_action_resolve_is_neither_announced_nor_answered()
    {
        Assert.False(PaperLspCapabilities.Create().CodeActionProvider!.ResolveProvider);
        Assert.Null(HandlerRegistry.CreateDefault().Find("codeAction/resolve"));
    }

    [Fact]
    public async Task A_client_without_markdown_gets_the_hover_card_as_plain_text()
    {
        var capabilities = FeatureSession.FullCapabilities();
        capabilities["textDocument"]!["hover"] = new JsonObject { ["contentFormat"] = new JsonArray("plaintext") };
        var (body, line, character) = TextPosition.Take("Prior work \\cite{doe2019other, smith20|20known}.");
        await using var session = await FeatureSession.StartAsync(index.NewWorkspace(FeatureWorkspace.Files(body)), index.Catalog, capabilities);
        var uri = await session.OpenAsync("main.tex");

        var hover = await session.ResultAsync("textDocument/hover", FeatureSession.At(uri, line + 2, character));

        var contents = hover.GetProperty("contents");
        Assert.Equal("plaintext", contents.GetProperty("kind").GetString());
        var text = contents.GetProperty("value").GetString()!;
        Assert.Contains("A Known Paper About Graph Coloring Heuristics", text, StringComparison.Ordinal);
        Assert.DoesNotContain("**", text, StringComparison.Ordinal);
        Assert.DoesNotContain("`", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_reads_as_plain_text()
    {
        const string Markdown = "**Attention Is All You Need \\[v2\\]**\n\n*AI summary:* uses 2\\*3 heads\n\n"
            + "[arXiv](https://arxiv.org/abs/1706.03762) · [PDF](https://arxiv.org/pdf/1706.03762)\n\n- Related `vaswani2017`\n";

        Assert.Equal(
            "Attention Is All You Need [v2]\n\nAI summary: uses 2*3 heads\n\n"
            + "arXiv <https://arxiv.org/abs/1706.03762> · PDF <https://arxiv.org/pdf/1706.03762>\n\n- Related vaswani2017\n",
            MarkdownPlainText.From(Markdown));
    }
}
