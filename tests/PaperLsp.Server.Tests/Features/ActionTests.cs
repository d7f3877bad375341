using System.Text.Json;
using System.Text.Json.Nodes;

namespace PaperLsp.Server.Tests.Features;

/// <summary>Diagnostics, code actions, workspace symbols and the paperlsp.* commands through the in-process server.</summary>
public sealed class ActionTests(SampleIndexFixture index) : IClassFixture<SampleIndexFixture>
{
    /// <summary>
    /// A key no .bib defines gets an error whose preferred quick fix replaces it: with the closest key, or, when the key
    /// names an index paper the .bib has under another key (here the SGD paper, added to the .bib as SgdPaper), with that key.
    /// </summary>
    [Theory]
    [InlineData("smith2020knwn", "smith2020known")]
    [InlineData(null, "SgdPaper")]
    public async Task Unknown_key_gets_a_diagnostic_and_a_quick_fix_to_the_right_key(string? cited, string expected)
    {
        var key = cited ?? index.KeyOfTitle(FeatureWorkspace.SgdTitle);
        var body = "Prior work \\cite{doe2019other, " + key + "}.";
        var files = FeatureWorkspace.Files(body);
        files["refs.bib"] += "@article{SgdPaper,\n  title = {" + FeatureWorkspace.SgdTitle + "},\n  year = {2023}\n}\n";
        await using var session = await FeatureSession.StartAsync(index.NewWorkspace(files), index.Catalog);
        var uri = await session.OpenAsync("main.tex");

        var published = await session.Client.WaitForMessageAsync(m => LspTestClient.IsMethod(m, "textDocument/publishDiagnostics")
            && m.GetProperty("params").GetProperty("uri").GetString() == uri && m.GetProperty("params").GetProperty("diagnostics").GetArrayLength() > 0);
        var diagnostics = published.GetProperty("params").GetProperty("diagnostics");
        Assert.Equal(1, diagnostics.GetArrayLength());
        var diagnostic = diagnostics[0];
        Assert.Equal("unknown-citation-key", diagnostic.GetProperty("code").GetString());
        Assert.Equal(1, diagnostic.GetProperty("severity").GetInt32());
        Assert.Contains(key, diagnostic.GetProperty("message").GetString(), StringComparison.Ordinal);
        CompletionTests.AssertRange(diagnostic.GetProperty("range"), 2, 31, 2, 31 + key.Length);

        var actions = await session.ResultAsync("textDocument/codeAction", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["range"] = JsonNode.Parse(diagnostic.GetProperty("range").GetRawText()),
            ["context"] = new JsonObject { ["diagnostics"] = new JsonArray(JsonNode.Parse(diagnostic.GetRawText())), ["only"] = new JsonArray("quickfix") },
        });

        var fix = actions.EnumerateArray().First();
        Assert.Equal("quickfix", fix.GetProperty("kind").GetString());
        Assert.True(fix.GetProperty("isPreferred").GetBoolean());
        Assert.Contains(expected, fix.GetProperty("title").GetString(), StringComparison.Ordinal);
        var text = FeatureWorkspace.Tex(body);
        var fixedText = LspEdits.Apply(text, LspEdits.For(fix.GetProperty("edit"), uri)!.Value);
        Assert.Equal(text.Replace(key, expected, StringComparison.Ordinal), fixedText);
    }

    [Fact]
    public async Task Known_keys_give_empty_diagnostics()
    {
        await using var session = await StartAsync("Prior work \\cite{doe2019other}.");
        var uri = await session.OpenAsync("main.tex");

        var published = await session.Client.WaitForMessageAsync(m => LspTestClient.IsMethod(m, "textDocument/publishDiagnostics") && m.GetProperty("params").GetProperty("uri").GetString() == uri);

        Assert.Equal(0, published.GetProperty("params").GetProperty("diagnostics").GetArrayLength());
    }

    [Fact]
    public async Task Cite_related_inserts_the_citation_and_appends_the_bib_entry_without_touching_other_text()
    {
        var body = FeatureWorkspace.Paraphrase + ".\nAnother sentence follows here.";
        await using var session = await StartAsync(body);
        var uri = await session.OpenAsync("main.tex");
        var bibUri = session.Uri("refs.bib");

        var actions = await session.ResultAsync("textDocument/codeAction", RangeParams(uri, 2, 10, 2, 10));

        var titles = actions.EnumerateArray().Select(a => a.GetProperty("title").GetString()!).ToList();
        var key = index.KeyOfTitle(FeatureWorkspace.SgdTitle);
        var cite = actions.EnumerateArray().First(a => a.GetProperty("title").GetString()!.StartsWith("Cite related: Revisiting the Last-Iterate", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.StartsWith("Show related papers", StringComparison.Ordinal));
        var edit = cite.GetProperty("edit");
        var text = FeatureWorkspace.Tex(body);
        var newText = LspEdits.Apply(text, LspEdits.For(edit, uri)!.Value);
        Assert.True(LspEdits.OnlyInserts(text, newText));
        Assert.Contains("bounded noise~\\cite{" + key + "}.", newText, StringComparison.Ordinal);
        var newBib = LspEdits.Apply(FeatureWorkspace.Bib, LspEdits.For(edit, bibUri)!.Value);
        Assert.StartsWith(FeatureWorkspace.Bib, newBib, StringComparison.Ordinal);
        Assert.Contains("{" + key + ",", newBib[FeatureWorkspace.Bib.Length..], StringComparison.Ordinal);
        var show = actions.EnumerateArray().First(a => a.GetProperty("title").GetString()!.StartsWith("Show related papers", StringComparison.Ordinal));
        Assert.Equal("paperlsp.related", show.GetProperty("command").GetProperty("command").GetString());
    }

    [Fact]
    public async Task Without_a_bib_file_the_action_creates_references_bib_or_falls_back_to_the_insert_command()
    {
        var text = FeatureWorkspace.Paraphrase + ".\n";
        var root = index.NewWorkspace(new Dictionary<string, string> { ["paper.tex"] = text });
        await using (var session = await FeatureSession.StartAsync(root, index.Catalog))
        {
            var uri = await session.OpenAsync("paper.tex");
            var actions = await session.ResultAsync("textDocument/codeAction", RangeParams(uri, 0, 5, 0, 5));
            var cite = actions.EnumerateArray().First(a => a.GetProperty("title").GetString()!.StartsWith("Cite related:", StringComparison.Ordinal));
            var changes = cite.GetProperty("edit").GetProperty("documentChanges");
            var create = changes.EnumerateArray().First(c => c.TryGetProperty("kind", out var kind) && kind.GetString() == "create");
            Assert.Equal(session.Uri("references.bib"), create.GetProperty("uri").GetString());
            var bibEdit = changes.EnumerateArray().First(c => c.TryGetProperty("textDocument", out var d) && d.GetProperty("uri").GetString() == session.Uri("references.bib"));
            Assert.Equal(JsonValueKind.Null, bibEdit.GetProperty("textDocument").GetProperty("version").ValueKind);
        }

        var noCreate = FeatureSession.FullCapabilities();
        noCreate["workspace"]!["workspaceEdit"] = new JsonObject { ["documentChanges"] = false };
        await using (var session = await FeatureSession.StartAsync(root, index.Catalog, noCreate))
        {
            var uri = await session.OpenAsync("paper.tex");
            var actions = await session.ResultAsync("textDocument/codeAction", RangeParams(uri, 0, 5, 0, 5));
            var cite = actions.EnumerateArray().First(a => a.GetProperty("title").GetString()!.StartsWith("Cite related:", StringComparison.Ordinal));
            Assert.False(cite.TryGetProperty("edit", out _));
            var command = cite.GetProperty("command");
            Assert.Equal("paperlsp.insertCitation", command.GetProperty("command").GetString());

            var result = await session.ResultAsync("workspace/executeCommand", new JsonObject
            {
                ["command"] = "paperlsp.insertCitation",
                ["arguments"] = JsonNode.Parse(command.GetProperty("arguments").GetRawText()),
            });

            Assert.True(result.GetProperty("applied").GetBoolean(), result.ToString());
            Assert.True(File.Exists(Path.Combine(root, "references.bib")), "the server created the .bib the client cannot create");
            var applyEdit = session.Client.Received.Last(m => LspTestClient.IsMethod(m, "workspace/applyEdit"));
            var changes = applyEdit.GetProperty("params").GetProperty("edit").GetProperty("changes");
            var newText = LspEdits.Apply(text, changes.GetProperty(uri));
            Assert.True(LspEdits.OnlyInserts(text, newText));
            Assert.Contains("\\cite{", newText, StringComparison.Ordinal);
            Assert.StartsWith("@", LspEdits.Apply("", changes.GetProperty(session.Uri("references.bib"))), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Workspace_symbols_find_bib_entries_and_indexed_papers()
    {
        await using var session = await StartAsync("Text.");

        var bibSymbols = await session.ResultAsync("workspace/symbol", new JsonObject { ["query"] = "sorting networks" });
        var doe = bibSymbols.EnumerateArray().First(s => s.GetProperty("name").GetString() == "doe2019other");
        Assert.Equal(session.Uri("refs.bib"), doe.GetProperty("location").GetProperty("uri").GetString());
        Assert.Equal(20, doe.GetProperty("kind").GetInt32());

        var paperSymbols = await session.ResultAsync("workspace/symbol", new JsonObject { ["query"] = "last-iterate convergence stochastic gradient" });
        var key = index.KeyOfTitle(FeatureWorkspace.SgdTitle);
        var sgd = paperSymbols.EnumerateArray().First(s => s.GetProperty("name").GetString() == key);
        Assert.Equal(FeatureWorkspace.SgdTitle, sgd.GetProperty("containerName").GetString());
        Assert.True(File.Exists(new Uri(sgd.GetProperty("location").GetProperty("uri").GetString()!).LocalPath));

        var none = await session.ResultAsync("workspace/symbol", new JsonObject { ["query"] = "" });
        Assert.Equal(0, none.GetArrayLength());
    }

    [Fact]
    public async Task Clients_that_resolve_symbol_ranges_get_index_papers_as_uri_only_symbols_resolved_on_demand()
    {
        var capabilities = FeatureSession.FullCapabilities();
        capabilities["workspace"]!["symbol"] = new JsonObject { ["resolveSupport"] = new JsonObject { ["properties"] = new JsonArray("location.range") } };
        await using var session = await FeatureSession.StartAsync(index.NewWorkspace(FeatureWorkspace.Files("Text.")), index.Catalog, capabilities);
        var key = index.KeyOfTitle(FeatureWorkspace.SgdTitle);

        var symbols = await session.ResultAsync("workspace/symbol", new JsonObject { ["query"] = "last-iterate convergence stochastic gradient" });
        var sgd = symbols.EnumerateArray().First(s => s.GetProperty("name").GetString() == key);
        var location = sgd.GetProperty("location");
        Assert.False(location.TryGetProperty("range", out _));
        var path = new Uri(location.GetProperty("uri").GetString()!).LocalPath;
        Assert.Equal(key, sgd.GetProperty("data").GetString()); // the rendering is written only on resolve

        // Bib entries keep their full location (nothing to write for them).
        var bib = await session.ResultAsync("workspace/symbol", new JsonObject { ["query"] = "sorting networks" });
        Assert.True(bib.EnumerateArray().First(s => s.GetProperty("name").GetString() == "doe2019other").GetProperty("location").TryGetProperty("range", out _));

        var resolved = await session.ResultAsync("workspaceSymbol/resolve", System.Text.Json.Nodes.JsonNode.Parse(sgd.GetRawText())!.AsObject());
        Assert.Equal(key, resolved.GetProperty("name").GetString());
        Assert.Equal(location.GetProperty("uri").GetString(), resolved.GetProperty("location").GetProperty("uri").GetString());
        var line = resolved.GetProperty("location").GetProperty("range").GetProperty("start").GetProperty("line").GetInt32();
        Assert.True(File.Exists(path));
        Assert.StartsWith("@", File.ReadAllLines(path)[line], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_and_related_commands_return_papers()
    {
        var (body, line, character) = TextPosition.Take(FeatureWorkspace.Paraphrase + "|.");
        await using var session = await StartAsync(body);
        var uri = await session.OpenAsync("main.tex");
        var key = index.KeyOfTitle(FeatureWorkspace.SgdTitle);

        var search = await Command(session, "paperlsp.search", new JsonObject { ["query"] = "last iterate convergence of SGD", ["limit"] = 5 });
        Assert.InRange(search.GetArrayLength(), 1, 5);
        var hit = search.EnumerateArray().First(h => h.GetProperty("key").GetString() == key);
        Assert.Equal(FeatureWorkspace.SgdTitle, hit.GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Array, hit.GetProperty("authors").ValueKind);
        Assert.True(hit.GetProperty("score").GetDouble() > 0);

        var byText = await Command(session, "paperlsp.related", new JsonObject { ["text"] = FeatureWorkspace.Paraphrase });
        Assert.Contains(key, byText.EnumerateArray().Take(5).Select(h => h.GetProperty("key").GetString()));

        var byPosition = await Command(session, "paperlsp.related", new JsonObject
        {
            ["uri"] = uri,
            ["position"] = new JsonObject { ["line"] = line + 2, ["character"] = character },
        });
        Assert.Contains(key, byPosition.EnumerateArray().Take(5).Select(h => h.GetProperty("key").GetString()));

        var bad = await session.Client.RequestAsync("workspace/executeCommand", new JsonObject { ["command"] = "paperlsp.search", ["arguments"] = new JsonArray(new JsonObject()) });
        Assert.Equal(-32602, bad.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Insert_citation_command_applies_the_citation_and_the_bib_entry()
    {
        var (body, line, character) = TextPosition.Take("As shown in prior work| we proceed.");
        await using var session = await StartAsync(body);
        var uri = await session.OpenAsync("main.tex");
        var key = index.KeyOfTitle(FeatureWorkspace.SgdTitle);

        var result = await Command(session, "paperlsp.insertCitation", new JsonObject
        {
            ["uri"] = uri,
            ["position"] = new JsonObject { ["line"] = line + 2, ["character"] = character },
            ["key"] = key,
        });

        Assert.True(result.GetProperty("applied").GetBoolean());
        var edit = session.Client.Received.Last(m => LspTestClient.IsMethod(m, "workspace/applyEdit")).GetProperty("params").GetProperty("edit");
        var text = FeatureWorkspace.Tex(body);
        Assert.Contains("As shown in prior work~\\cite{" + key + "} we proceed.", LspEdits.Apply(text, LspEdits.For(edit, uri)!.Value), StringComparison.Ordinal);
        var newBib = LspEdits.Apply(FeatureWorkspace.Bib, LspEdits.For(edit, session.Uri("refs.bib"))!.Value);
        Assert.StartsWith(FeatureWorkspace.Bib, newBib, StringComparison.Ordinal);
        Assert.Contains("{" + key + ",", newBib, StringComparison.Ordinal);

        var unknown = await Command(session, "paperlsp.insertCitation", new JsonObject
        {
            ["uri"] = uri,
            ["position"] = new JsonObject { ["line"] = 2, ["character"] = 0 },
            ["key"] = "nobody1999unknown",
        });
        Assert.False(unknown.GetProperty("applied").GetBoolean());
    }

    [Fact]
    public async Task Reindex_command_answers_the_paper_count()
    {
        await using var session = await StartAsync("Text.");

        var result = await Command(session, "paperlsp.reindex", null);

        Assert.Equal(index.PaperCount, result.GetProperty("papers").GetInt32());
    }

    private static JsonObject RangeParams(string uri, int startLine, int startCharacter, int endLine, int endCharacter) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri },
        ["range"] = new JsonObject
        {
            ["start"] = new JsonObject { ["line"] = startLine, ["character"] = startCharacter },
            ["end"] = new JsonObject { ["line"] = endLine, ["character"] = endCharacter },
        },
        ["context"] = new JsonObject { ["diagnostics"] = new JsonArray() },
    };

    private static Task<JsonElement> Command(FeatureSession session, string command, JsonObject? argument) =>
        session.ResultAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = command,
            ["arguments"] = argument is null ? new JsonArray() : new JsonArray(argument),
        });

    private Task<FeatureSession> StartAsync(string body) =>
        FeatureSession.StartAsync(index.NewWorkspace(FeatureWorkspace.Files(body)), index.Catalog);
}
