using System.Text.Json.Nodes;

namespace PaperLsp.Server.Tests.Features;

/// <summary>
/// The citationKeyPattern setting as an editor meets it: the server indexes its corpus with the pattern, completion
/// offers author-less papers under readable, distinct keys, and picking one inserts that key and appends its entry
/// (with primaryClass) to the .bib.
/// </summary>
public sealed class CitationKeyPatternTests(SampleIndexFixture index) : IClassFixture<SampleIndexFixture>
{
    private static string AuthorLess(string arxivId, string title) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["arxiv_id"] = arxivId,
            ["title"] = title,
            ["abstract"] = "Planning with language models for agents.",
            ["authors"] = Array.Empty<string>(),
            ["categories"] = "cs.CL cs.AI",
        });

    [Fact]
    public async Task Completion_offers_and_inserts_keys_made_by_the_configured_pattern()
    {
        var tex = "\\documentclass{article}\n\\begin{document}\nPlanning agents~\\cite{}.\n\\bibliography{refs}\n\\end{document}\n";
        var root = index.NewWorkspace(new Dictionary<string, string> { ["main.tex"] = tex, ["refs.bib"] = FeatureWorkspace.Bib });
        var corpus = Path.Combine(root, "corpus");
        Directory.CreateDirectory(corpus);
        File.WriteAllLines(Path.Combine(corpus, "listing.jsonl"), [
            AuthorLess("2410.00001", "Large Language Models Can Plan Agents"),
            AuthorLess("2410.00002", "Large Language Models Can Plan Agents"),
        ]);
        await using var session = await FeatureSession.StartAsync(root, null, initializationOptions: new JsonObject
        {
            ["corpusPaths"] = new JsonArray(corpus),
            ["indexPath"] = Path.Combine(root, "idx", "index.db"),
            ["modelPath"] = Path.Combine(root, "no-such-model"),
            ["citationKeyPattern"] = "[shorttitle:2]_[year]",
        });
        await session.Client.WaitForMessageAsync(m => LspTestClient.IsMethod(m, "paperlsp/status")
            && m.GetProperty("params").GetProperty("state").GetString() is "ready" or "warning" && m.GetProperty("params").GetProperty("papers").GetInt32() == 2);
        var uri = await session.OpenAsync("main.tex");

        var result = await session.ResultAsync("textDocument/completion", FeatureSession.At(uri, 2, 22));
        var labels = result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("label").GetString()).ToList();
        Assert.Contains("largelanguage_2024", labels);
        Assert.Contains("largelanguage_2024a", labels);

        var item = result.GetProperty("items").EnumerateArray().First(i => i.GetProperty("label").GetString() == "largelanguage_2024");
        var text = LspEdits.Apply(tex, System.Text.Json.JsonDocument.Parse("[" + item.GetProperty("textEdit").GetRawText() + "]").RootElement);
        Assert.Contains("\\cite{largelanguage_2024}", text, StringComparison.Ordinal);
        var applied = await session.ResultAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "paperlsp.addBibEntry",
            ["arguments"] = new JsonArray(new JsonObject { ["uri"] = uri, ["key"] = "largelanguage_2024" }),
        });
        Assert.True(applied.GetProperty("applied").GetBoolean());
        var edit = session.Client.Received.Last(m => LspTestClient.IsMethod(m, "workspace/applyEdit")).GetProperty("params").GetProperty("edit");
        var bib = LspEdits.Apply(FeatureWorkspace.Bib, LspEdits.For(edit, session.Uri("refs.bib"))!.Value);
        Assert.Contains("@article{largelanguage_2024,", bib, StringComparison.Ordinal);
        Assert.Contains("{cs.CL}", bib, StringComparison.Ordinal);
        Assert.Contains("{2024}", bib, StringComparison.Ordinal);
    }
}
