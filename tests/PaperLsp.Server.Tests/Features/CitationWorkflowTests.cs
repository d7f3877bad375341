using System.Text.Json;
using System.Text.Json.Nodes;

namespace PaperLsp.Server.Tests.Features;

/// <summary>
/// The citation workflow as an editor sees it (LSP messages through the in-process server): diagnostics for index keys
/// missing from the .bib with an "Add BibTeX entry" fix, malformed entries and .bib syntax errors, no report while a
/// key is typed, one edit policy (macro, .bib, no duplicates) across code actions, completion's addBibEntry and
/// insertCitation, and problems with the corpus shown to the user.
/// </summary>
public sealed class CitationWorkflowTests(SampleIndexFixture index) : IClassFixture<SampleIndexFixture>
{
    private const string NatbibTex = "\\documentclass{article}\n\\usepackage{natbib}\n\\begin{document}\nTransformers~\\citep{smith2020known} and sorting~\\citep{doe2019other}.\n{0}\n\\bibliography{refs}\n\\end{document}\n";

    /// <summary>
    /// A cited key no .bib defines that names an index paper — its index key, or a writer's own key that the paper's year
    /// and title word fit (the sample's record of the SGD paper has no authors) — is a warning whose quick fix appends
    /// that paper's entry under the cited key. Expected: a fragment of the warning.
    /// </summary>
    [Theory]
    [InlineData(null, "is in the paper index but not in any workspace .bib")]
    [InlineData("liu2023revisiting", "its year and title word fit (a record without authors) Revisiting the Last-Iterate")]
    public async Task A_key_naming_an_index_paper_missing_from_the_bib_is_a_warning_whose_quick_fix_adds_its_entry(string? writersKey, string message)
    {
        var key = writersKey ?? index.KeyOfTitle(FeatureWorkspace.SgdTitle);
        var tex = NatbibTex.Replace("{0}", "Last-iterate results~\\citep{" + key + "}.", StringComparison.Ordinal);
        await using var session = await StartAsync(tex);
        var uri = await session.OpenAsync("main.tex");

        var diagnostic = (await DiagnosticsAsync(session, uri, d => d.GetArrayLength() > 0)).EnumerateArray().Single();
        Assert.Equal("citation-not-in-bib", diagnostic.GetProperty("code").GetString());
        Assert.Equal(2, diagnostic.GetProperty("severity").GetInt32());
        Assert.Contains(message, diagnostic.GetProperty("message").GetString(), StringComparison.Ordinal);

        var actions = await session.ResultAsync("textDocument/codeAction", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["range"] = JsonNode.Parse(diagnostic.GetProperty("range").GetRawText()),
            ["context"] = new JsonObject { ["diagnostics"] = new JsonArray(JsonNode.Parse(diagnostic.GetRawText())), ["only"] = new JsonArray("quickfix") },
        });
        var fix = actions.EnumerateArray().Single();
        Assert.Equal("Add BibTeX entry for " + FeatureWorkspace.SgdTitle[..57] + "...", fix.GetProperty("title").GetString());
        var bib = LspEdits.Apply(FeatureWorkspace.Bib, LspEdits.For(fix.GetProperty("edit"), session.Uri("refs.bib"))!.Value);
        Assert.StartsWith(FeatureWorkspace.Bib, bib, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(bib, "@[a-z]+\\{" + key + ","));
        Assert.Contains("Last-Iterate Convergence", bib[FeatureWorkspace.Bib.Length..], StringComparison.Ordinal);
        Assert.Equal("paperlsp.bibEntryApplied", fix.GetProperty("command").GetProperty("command").GetString());

        // once the .bib has it under the cited key, the warning goes
        await session.OpenAsync("refs.bib", bib);
        await DiagnosticsAsync(session, uri, d => d.GetArrayLength() == 0);
    }

    [Fact]
    public async Task Malformed_entry_is_reported_in_the_bib_at_the_parsers_line_and_as_malformed_in_the_tex()
    {
        var tex = NatbibTex.Replace("{0}", "Trees of thoughts~\\citep{yao2023tree}.", StringComparison.Ordinal);
        await using var session = await StartAsync(tex);
        var broken = FeatureWorkspace.Bib + "@article{yao2023tree,\n  title = {Tree of Thoughts: Deliberate Problem Solving,\n  year = {2023}\n}\n";
        var bibUri = await session.OpenAsync("refs.bib", broken);
        var uri = await session.OpenAsync("main.tex");

        var bibProblem = (await DiagnosticsAsync(session, bibUri, d => d.GetArrayLength() > 0)).EnumerateArray().First();
        Assert.Equal("bibtex-syntax", bibProblem.GetProperty("code").GetString());
        Assert.Equal(1, bibProblem.GetProperty("severity").GetInt32());
        var entryLine = broken[..broken.IndexOf("@article{yao2023tree", StringComparison.Ordinal)].Count(c => c == '\n');
        Assert.True(bibProblem.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32() >= entryLine);

        var texDiagnostic = (await DiagnosticsAsync(session, uri, d => d.GetArrayLength() > 0)).EnumerateArray().Single();
        Assert.Equal("malformed-bib-entry", texDiagnostic.GetProperty("code").GetString());
        Assert.Contains("'yao2023tree' in refs.bib is malformed", texDiagnostic.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_being_typed_is_reported_only_after_a_pause()
    {
        var tex = NatbibTex.Replace("{0}", "More.", StringComparison.Ordinal);
        await using var session = await StartAsync(tex);
        var uri = await session.OpenAsync("main.tex");
        await DiagnosticsAsync(session, uri, d => d.GetArrayLength() == 0);
        var line = tex.Split('\n').TakeWhile(l => l != "More.").Count();

        await session.Client.NotifyAsync("textDocument/didChange", Documents.ChangeParams(uri, 2, Documents.Incremental(line, 4, line, 4, "~\\citep{v}")));
        var whileTyping = await session.Client.WaitForMessageAsync(m => IsDiagnostics(m, uri) && m.GetProperty("params").GetProperty("version").GetInt32() == 2);
        Assert.Equal(0, whileTyping.GetProperty("params").GetProperty("diagnostics").GetArrayLength());

        var afterPause = await DiagnosticsAsync(session, uri, d => d.GetArrayLength() > 0);
        var diagnostic = afterPause.EnumerateArray().Single();
        Assert.Equal("unknown-citation-key", diagnostic.GetProperty("code").GetString());
        Assert.Contains("'v'", diagnostic.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_action_completion_and_insert_command_write_one_entry_to_the_same_bib_with_the_documents_macro()
    {
        var key = index.KeyOfTitle(FeatureWorkspace.SgdTitle);
        var tex = NatbibTex.Replace("{0}", FeatureWorkspace.Paraphrase + ".", StringComparison.Ordinal);
        await using var session = await StartAsync(tex);
        var uri = await session.OpenAsync("main.tex"); // refs.bib is NOT open: the server only sees it on disk
        var (line, cite) = await CiteRelatedSgdAsync(session, uri, tex);
        var newTex = LspEdits.Apply(tex, LspEdits.For(cite.GetProperty("edit"), uri)!.Value);
        Assert.Contains("bounded noise~\\citep{" + key + "}.", newTex, StringComparison.Ordinal);
        var bibAfterAction = LspEdits.Apply(FeatureWorkspace.Bib, LspEdits.For(cite.GetProperty("edit"), session.Uri("refs.bib"))!.Value);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(bibAfterAction, "\\{" + key + ","));

        // the editor applies the edit (the .bib buffer is not synchronised to the server) and runs the action's command
        await session.Client.NotifyAsync("textDocument/didChange", Documents.ChangeParams(uri, 2, Documents.Full(newTex)));
        var command = cite.GetProperty("command");
        var noted = await session.ResultAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = command.GetProperty("command").GetString(),
            ["arguments"] = JsonNode.Parse(command.GetProperty("arguments").GetRawText()),
        });
        Assert.True(noted.GetProperty("applied").GetBoolean());

        // picking the same paper from completion: its addBibEntry appends nothing
        var edits = session.Client.Received.Count(m => LspTestClient.IsMethod(m, "workspace/applyEdit"));
        var added = await session.ResultAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "paperlsp.addBibEntry",
            ["arguments"] = new JsonArray(new JsonObject { ["uri"] = uri, ["key"] = key }),
        });
        Assert.True(added.GetProperty("applied").GetBoolean());
        Assert.Equal(edits, session.Client.Received.Count(m => LspTestClient.IsMethod(m, "workspace/applyEdit")));

        // insertCitation of the same paper: the citation only, same macro
        var inserted = await session.ResultAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "paperlsp.insertCitation",
            ["arguments"] = new JsonArray(new JsonObject { ["uri"] = uri, ["position"] = Pos(line, 6), ["key"] = key }),
        });
        Assert.True(inserted.GetProperty("applied").GetBoolean());
        var applyEdit = session.Client.Received.Last(m => LspTestClient.IsMethod(m, "workspace/applyEdit")).GetProperty("params").GetProperty("edit");
        Assert.Null(LspEdits.For(applyEdit, session.Uri("refs.bib")));
        Assert.Contains("Recent~\\citep{" + key + "}", LspEdits.Apply(newTex, LspEdits.For(applyEdit, uri)!.Value), StringComparison.Ordinal);
    }

    /// <summary>
    /// After "Cite related" has appended a paper's entry to a .bib the server does not see (not synchronised, not saved),
    /// the key is in the .bib for the next completion and hover, as it is for the edit policy: "As before~\citep{" offers
    /// it as a .bib entry, and its hover card names the .bib. Before the editor reports the edit applied it is not.
    /// </summary>
    [Fact]
    public async Task A_key_whose_entry_the_editor_just_appended_counts_as_in_the_bib_before_the_bib_is_saved()
    {
        var key = index.KeyOfTitle(FeatureWorkspace.SgdTitle);
        var tex = NatbibTex.Replace("{0}", FeatureWorkspace.Paraphrase + ".", StringComparison.Ordinal);
        await using var session = await StartAsync(tex);
        var uri = await session.OpenAsync("main.tex"); // refs.bib is NOT open: the server only sees it on disk
        var (_, cite) = await CiteRelatedSgdAsync(session, uri, tex);

        // the editor applies the edit and the writer starts another citation of the same paper
        var newTex = LspEdits.Apply(tex, LspEdits.For(cite.GetProperty("edit"), uri)!.Value)
            .Replace("\\bibliography{refs}", "As before~\\citep{}.\n\\bibliography{refs}", StringComparison.Ordinal);
        await session.Client.NotifyAsync("textDocument/didChange", Documents.ChangeParams(uri, 2, Documents.Full(newTex)));
        var slotLine = newTex.Split('\n').TakeWhile(l => !l.StartsWith("As before", StringComparison.Ordinal)).Count();
        var slot = Pos(slotLine, "As before~\\citep{".Length);
        var keyLine = newTex.Split('\n').TakeWhile(l => !l.Contains("{" + key + "}", StringComparison.Ordinal)).Count();
        var keyAt = Pos(keyLine, newTex.Split('\n')[keyLine].IndexOf("{" + key + "}", StringComparison.Ordinal) + 2);
        async Task<(string? Detail, string Hover)> OfferedAsync()
        {
            var items = (await session.ResultAsync("textDocument/completion", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri }, ["position"] = slot.DeepClone() })).GetProperty("items");
            var item = items.EnumerateArray().Where(i => i.GetProperty("label").GetString() == key).Select(i => i.GetProperty("detail").GetString()).FirstOrDefault();
            var hover = await session.ResultAsync("textDocument/hover", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri }, ["position"] = keyAt.DeepClone() });
            return (item, hover.GetProperty("contents").GetProperty("value").GetString()!);
        }

        static bool NotInBib(JsonElement diagnostics) => diagnostics.EnumerateArray().Any(d => d.GetProperty("code").GetString() == "citation-not-in-bib");
        var (before, hoverBefore) = await OfferedAsync();
        Assert.DoesNotContain("in your .bib", before ?? "", StringComparison.Ordinal);
        Assert.Contains("not in the workspace .bib", hoverBefore, StringComparison.Ordinal);
        await DiagnosticsAsync(session, uri, NotInBib); // the key is reported missing from the .bib

        var command = cite.GetProperty("command");
        var noted = await session.ResultAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = command.GetProperty("command").GetString(),
            ["arguments"] = JsonNode.Parse(command.GetProperty("arguments").GetRawText()),
        });
        Assert.True(noted.GetProperty("applied").GetBoolean());

        var (after, hoverAfter) = await OfferedAsync();
        Assert.NotNull(after);
        Assert.Contains("in your .bib as " + key, after, StringComparison.Ordinal);
        Assert.Contains("in your .bib as " + key + " (refs.bib)", hoverAfter, StringComparison.Ordinal);

        // and the next diagnostics no longer report it missing
        await session.Client.NotifyAsync("textDocument/didChange", Documents.ChangeParams(uri, 3, Documents.Full(newTex + "\n")));
        var next = await session.Client.WaitForMessageAsync(m => IsDiagnostics(m, uri) && m.GetProperty("params").GetProperty("version").GetInt32() == 3);
        Assert.False(NotInBib(next.GetProperty("params").GetProperty("diagnostics")));
    }

    [Fact]
    public async Task Missing_corpus_path_shows_a_warning_and_a_warning_status()
    {
        var root = index.NewWorkspace(FeatureWorkspace.Files("Text."));
        var missing = Path.Combine(root, "no-such-folder");
        await using var session = await FeatureSession.StartAsync(root, index.Catalog, initializationOptions: new JsonObject { ["corpusPaths"] = new JsonArray(missing) });

        var shown = await session.Client.WaitForMessageAsync(m => LspTestClient.IsMethod(m, "window/showMessage"));
        Assert.Equal(2, shown.GetProperty("params").GetProperty("type").GetInt32());
        Assert.Contains(missing + " does not exist", shown.GetProperty("params").GetProperty("message").GetString(), StringComparison.Ordinal);
        var status = await session.Client.WaitForMessageAsync(m => LspTestClient.IsMethod(m, "paperlsp/status") && m.GetProperty("params").GetProperty("state").GetString() == "warning");
        Assert.Contains("does not exist", status.GetProperty("params").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latin1_bib_is_read_as_windows_1252_with_one_warning_naming_the_file()
    {
        var tex = NatbibTex.Replace("{0}", "Least-to-most~\\citep{zhou2023least}.", StringComparison.Ordinal);
        var root = index.NewWorkspace(new Dictionary<string, string> { ["main.tex"] = tex });
        var bibPath = Path.Combine(root, "refs.bib");
        await File.WriteAllBytesAsync(bibPath, System.Text.Encoding.Latin1.GetBytes(FeatureWorkspace.Bib + "@inproceedings{zhou2023least,\n  title = {Least-to-Most Prompting Enables Complex Reasoning},\n  author = {Zhou, Denny and Sch\u00e4rli, Nathanael},\n  year = {2023}\n}\n"));
        await using var session = await FeatureSession.StartAsync(root, index.Catalog);
        var uri = await session.OpenAsync("main.tex");

        var shown = await session.Client.WaitForMessageAsync(m => LspTestClient.IsMethod(m, "window/showMessage"));
        Assert.Contains(bibPath + " is not valid UTF-8: read as Windows-1252", shown.GetProperty("params").GetProperty("message").GetString(), StringComparison.Ordinal);
        var line = tex.Split('\n').TakeWhile(l => !l.StartsWith("Least-to-most", StringComparison.Ordinal)).Count();
        var hover = await session.ResultAsync("textDocument/hover", FeatureSession.At(uri, line, 25));
        var card = hover.GetProperty("contents").GetProperty("value").GetString()!;
        Assert.Contains("Schärli", card, StringComparison.Ordinal);
        Assert.DoesNotContain("\uFFFD", card, StringComparison.Ordinal);
        Assert.Single(session.Client.Received, m => LspTestClient.IsMethod(m, "window/showMessage"));
    }

    [Fact]
    public async Task Empty_index_shows_a_warning_and_a_warning_status()
    {
        var root = index.NewWorkspace(FeatureWorkspace.Files("Text."));
        var emptyCorpus = Path.Combine(root, "corpus");
        Directory.CreateDirectory(emptyCorpus);
        var settings = new JsonObject { ["corpusPaths"] = new JsonArray(emptyCorpus), ["indexPath"] = Path.Combine(root, "index", "index.db") };
        await using var session = await FeatureSession.StartAsync(root, null, initializationOptions: settings);

        var status = await session.Client.WaitForMessageAsync(m => LspTestClient.IsMethod(m, "paperlsp/status") && m.GetProperty("params").GetProperty("state").GetString() == "warning");
        Assert.Contains("the paper index is empty", status.GetProperty("params").GetProperty("message").GetString(), StringComparison.Ordinal);
        var shown = await session.Client.WaitForMessageAsync(m => LspTestClient.IsMethod(m, "window/showMessage"));
        Assert.Contains("the paper index is empty", shown.GetProperty("params").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static JsonObject Pos(int line, int character) => new() { ["line"] = line, ["character"] = character };

    /// <summary>The "Cite related" action of the SGD paper on the paraphrase's line ("Recent analyses …"), and that line.</summary>
    private static async Task<(int Line, JsonElement Action)> CiteRelatedSgdAsync(FeatureSession session, string uri, string tex)
    {
        var line = tex.Split('\n').TakeWhile(l => !l.StartsWith("Recent analyses", StringComparison.Ordinal)).Count();
        var actions = await session.ResultAsync("textDocument/codeAction", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["range"] = new JsonObject { ["start"] = Pos(line, 10), ["end"] = Pos(line, 10) },
            ["context"] = new JsonObject { ["diagnostics"] = new JsonArray() },
        });
        return (line, actions.EnumerateArray().First(a => a.GetProperty("title").GetString()!.StartsWith("Cite related: Revisiting the Last-Iterate", StringComparison.Ordinal)));
    }

    private static bool IsDiagnostics(JsonElement message, string uri) =>
        LspTestClient.IsMethod(message, "textDocument/publishDiagnostics") && message.GetProperty("params").GetProperty("uri").GetString() == uri;

    private static async Task<JsonElement> DiagnosticsAsync(FeatureSession session, string uri, Func<JsonElement, bool> predicate)
    {
        var message = await session.Client.WaitForMessageAsync(m => IsDiagnostics(m, uri) && predicate(m.GetProperty("params").GetProperty("diagnostics")));
        return message.GetProperty("params").GetProperty("diagnostics");
    }

    private Task<FeatureSession> StartAsync(string tex) =>
        FeatureSession.StartAsync(index.NewWorkspace(new Dictionary<string, string> { ["refs.bib"] = FeatureWorkspace.Bib, ["main.tex"] = tex }), index.Catalog);
}
