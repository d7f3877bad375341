using System.Text.Json;
using System.Text.Json.Nodes;

namespace PaperLsp.Server.Tests.Features;

/// <summary>textDocument/completion and completionItem/resolve through the in-process server, over the sample index.</summary>
public sealed class CompletionTests(SampleIndexFixture index) : IClassFixture<SampleIndexFixture>
{
    public static TheoryData<string, string, string, string> Sites => new()
    {
        // file, language, marked text, what the user typed at the cursor
        { "main.tex", "latex", "Prior work studies graphs \\cite{smi|}.", "smi" },
        { "main.tex", "latex", "Prior work \\citep[see][]{doe2019other, smi|}.", "smi" },
        { "main.tex", "latex", "Prior work \\cite{doe2019other,\n   smi|}.", "smi" },
        { "notes.md", "markdown", "Prior work studies graphs [@smi|].", "smi" },
        { "notes.typ", "typst", "Prior work studies graphs @smi|.", "smi" },
    };

    [Theory]
    [MemberData(nameof(Sites))]
    public async Task Completes_the_key_being_typed_in_every_syntax(string file, string language, string marked, string typed)
    {
        var (body, line, character) = TextPosition.Take(marked);
        var text = language == "latex" ? FeatureWorkspace.Tex(body) : body;
        line += language == "latex" ? 2 : 0;
        var root = index.NewWorkspace(new Dictionary<string, string> { ["refs.bib"] = FeatureWorkspace.Bib, [file] = text });
        await using var session = await FeatureSession.StartAsync(root, index.Catalog);
        var uri = await session.OpenAsync(file);

        var result = await session.ResultAsync("textDocument/completion", FeatureSession.At(uri, line, character));

        Assert.True(result.GetProperty("isIncomplete").GetBoolean());
        var items = result.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        var first = items[0];
        Assert.Equal("smith2020known", first.GetProperty("label").GetString());
        Assert.Equal(18, first.GetProperty("kind").GetInt32());
        Assert.Equal(typed, first.GetProperty("filterText").GetString());
        Assert.Contains("Smith", first.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var edit = first.GetProperty("textEdit");
        Assert.Equal("smith2020known", edit.GetProperty("newText").GetString());
        AssertRange(edit.GetProperty("range"), line, character - typed.Length, line, character);
        Assert.DoesNotContain(items, i => i.GetProperty("label").GetString() == "doe2019other" && marked.Contains("doe2019other,", StringComparison.Ordinal));
        var sortTexts = items.Select(i => i.GetProperty("sortText").GetString()!).ToList();
        Assert.Equal(sortTexts.Order(StringComparer.Ordinal), sortTexts);
        Assert.Equal(sortTexts.Count, sortTexts.Distinct().Count());
    }

    [Fact]
    public async Task Edit_replaces_the_whole_current_key_when_the_cursor_is_inside_it()
    {
        var (body, line, character) = TextPosition.Take("Prior work \\cite{smi|thx} here.");
        var root = index.NewWorkspace(FeatureWorkspace.Files(body));
        await using var session = await FeatureSession.StartAsync(root, index.Catalog);
        var uri = await session.OpenAsync("main.tex");

        var result = await session.ResultAsync("textDocument/completion", FeatureSession.At(uri, line + 2, character));

        var first = result.GetProperty("items")[0];
        Assert.Equal("smi", first.GetProperty("filterText").GetString());
        AssertRange(first.GetProperty("textEdit").GetProperty("range"), line + 2, character - 3, line + 2, character + 3);
    }

    [Fact]
    public async Task Empty_prefix_ranks_by_the_sentence_and_finds_the_paraphrased_paper_in_the_top_five()
    {
        var (body, line, character) = TextPosition.Take(FeatureWorkspace.Paraphrase + " \\cite{|}.");
        var root = index.NewWorkspace(FeatureWorkspace.Files(body));
        await using var session = await FeatureSession.StartAsync(root, index.Catalog);
        var uri = await session.OpenAsync("main.tex");

        var result = await session.ResultAsync("textDocument/completion", FeatureSession.At(uri, line + 2, character));

        var items = result.GetProperty("items").EnumerateArray().ToList();
        Assert.True(items.Count >= 5, result.ToString());
        var labels = items.Select(i => i.GetProperty("label").GetString()).ToList();
        var expected = index.KeyOfTitle(FeatureWorkspace.SgdTitle);
        Assert.Contains(expected, labels.Take(5));
        Assert.All(items, i => Assert.Equal("", i.GetProperty("filterText").GetString()));
        AssertRange(items[0].GetProperty("textEdit").GetProperty("range"), line + 2, character, line + 2, character);
        Assert.True(items.Count <= 50, "bounded by paperlsp.completionLimit");
    }

    [Fact]
    public async Task Picking_an_index_paper_runs_a_command_that_appends_its_bibtex_entry_and_only_once()
    {
        var (body, line, character) = TextPosition.Take(FeatureWorkspace.Paraphrase + " \\cite{|}.");
        var root = index.NewWorkspace(FeatureWorkspace.Files(body));
        await using var session = await FeatureSession.StartAsync(root, index.Catalog);
        var uri = await session.OpenAsync("main.tex");
        var key = index.KeyOfTitle(FeatureWorkspace.SgdTitle);

        var result = await session.ResultAsync("textDocument/completion", FeatureSession.At(uri, line + 2, character));

        var items = result.GetProperty("items").EnumerateArray().ToList();
        var paper = items.First(i => i.GetProperty("label").GetString() == key);
        var command = paper.GetProperty("command");
        Assert.Equal("paperlsp.addBibEntry", command.GetProperty("command").GetString());
        Assert.Equal(uri, command.GetProperty("arguments")[0].GetProperty("uri").GetString());
        Assert.Equal(key, command.GetProperty("arguments")[0].GetProperty("key").GetString());
        Assert.All(
            items.Where(i => i.GetProperty("label").GetString() is "doe2019other" or "smith2020known"),
            i => Assert.False(i.TryGetProperty("command", out _), "keys already in the .bib need no entry"));

        var applied = await session.ResultAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "paperlsp.addBibEntry",
            ["arguments"] = JsonNode.Parse(command.GetProperty("arguments").GetRawText()),
        });
        Assert.True(applied.GetProperty("applied").GetBoolean(), applied.ToString());
        var edit = session.Client.Received.Last(m => LspTestClient.IsMethod(m, "workspace/applyEdit")).GetProperty("params").GetProperty("edit");
        Assert.Null(LspEdits.For(edit, uri)); // the key itself was inserted by the completion; the document is untouched
        var newBib = LspEdits.Apply(FeatureWorkspace.Bib, LspEdits.For(edit, session.Uri("refs.bib"))!.Value);
        Assert.StartsWith(FeatureWorkspace.Bib, newBib, StringComparison.Ordinal);
        Assert.Contains("{" + key + ",", newBib, StringComparison.Ordinal);

        // Once the .bib holds the entry (the client saved it), running the command again adds nothing.
        await File.WriteAllTextAsync(Path.Combine(root, "refs.bib"), newBib);
        await session.OpenAsync("refs.bib");
        var edits = session.Client.Received.Count(m => LspTestClient.IsMethod(m, "workspace/applyEdit"));
        var again = await session.ResultAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "paperlsp.addBibEntry",
            ["arguments"] = JsonNode.Parse(command.GetProperty("arguments").GetRawText()),
        });
        Assert.True(again.GetProperty("applied").GetBoolean());
        Assert.Equal(edits, session.Client.Received.Count(m => LspTestClient.IsMethod(m, "workspace/applyEdit")));
    }

    [Fact]
    public async Task The_bib_entry_command_can_be_turned_off()
    {
        var (body, line, character) = TextPosition.Take(FeatureWorkspace.Paraphrase + " \\cite{|}.");
        var root = index.NewWorkspace(FeatureWorkspace.Files(body));
        await using var session = await FeatureSession.StartAsync(root, index.Catalog, initializationOptions: new JsonObject { ["completionAddsBibEntry"] = false });
        var uri = await session.OpenAsync("main.tex");

        var result = await session.ResultAsync("textDocument/completion", FeatureSession.At(uri, line + 2, character));

        Assert.All(result.GetProperty("items").EnumerateArray(), i => Assert.False(i.TryGetProperty("command", out _)));
    }

    [Fact]
    public async Task Outside_citations_there_is_no_completion()
    {
        var root = index.NewWorkspace(FeatureWorkspace.Files("Plain prose without citations."));
        await using var session = await FeatureSession.StartAsync(root, index.Catalog);
        var uri = await session.OpenAsync("main.tex");

        var result = await session.ResultAsync("textDocument/completion", FeatureSession.At(uri, 2, 5));

        Assert.Equal(JsonValueKind.Null, result.ValueKind);
    }

    [Fact]
    public async Task Resolve_fills_the_documentation_with_the_paper_card()
    {
        var (body, line, character) = TextPosition.Take(FeatureWorkspace.Paraphrase + " \\cite{|}.");
        var root = index.NewWorkspace(FeatureWorkspace.Files(body));
        await using var session = await FeatureSession.StartAsync(root, index.Catalog);
        var uri = await session.OpenAsync("main.tex");
        var result = await session.ResultAsync("textDocument/completion", FeatureSession.At(uri, line + 2, character));
        var expected = index.KeyOfTitle(FeatureWorkspace.SgdTitle);
        var item = result.GetProperty("items").EnumerateArray().First(i => i.GetProperty("label").GetString() == expected);
        Assert.False(item.TryGetProperty("documentation", out _), "documentation is left to resolve");

        var resolved = await session.ResultAsync("completionItem/resolve", JsonNode.Parse(item.GetRawText()));

        var documentation = resolved.GetProperty("documentation");
        Assert.Equal("markdown", documentation.GetProperty("kind").GetString());
        Assert.Contains(FeatureWorkspace.SgdTitle, documentation.GetProperty("value").GetString(), StringComparison.Ordinal);
        Assert.Equal(expected, resolved.GetProperty("label").GetString());
    }

    [Fact]
    public async Task An_open_bib_document_wins_over_the_file_on_disk()
    {
        var (body, line, character) = TextPosition.Take("See \\cite{zzfresh|}.");
        var root = index.NewWorkspace(FeatureWorkspace.Files(body));
        await using var session = await FeatureSession.StartAsync(root, index.Catalog);
        await session.WaitReadyAsync();
        await session.OpenAsync("refs.bib", FeatureWorkspace.Bib + "@misc{zzfresh2024entry, title = {Only In The Editor Buffer}, year = {2024}}\n");
        var uri = await session.OpenAsync("main.tex");

        var result = await session.ResultAsync("textDocument/completion", FeatureSession.At(uri, line + 2, character));

        Assert.Equal("zzfresh2024entry", result.GetProperty("items")[0].GetProperty("label").GetString());
    }

    internal static void AssertRange(JsonElement range, int startLine, int startCharacter, int endLine, int endCharacter)
    {
        Assert.Equal(startLine, range.GetProperty("start").GetProperty("line").GetInt32());
        Assert.Equal(startCharacter, range.GetProperty("start").GetProperty("character").GetInt32());
        Assert.Equal(endLine, range.GetProperty("end").GetProperty("line").GetInt32());
        Assert.Equal(endCharacter, range.GetProperty("end").GetProperty("character").GetInt32());
    }
}
