namespace PaperLsp.Server.Tests.Features;

/// <summary>
/// A paper beside a template's .bib (the ICML template's example_paper.bib next to the paper's reference.bib): completion
/// offers the entries of the .bib the paper's \bibliography names, in the main file and in a section file it \inputs,
/// and a document naming none still draws on every .bib of the workspace. Diagnostics look keys up the same way, as
/// BibTeX will: a key defined only in the template's .bib is reported in the paper.
/// </summary>
public sealed class DocumentBibliographyTests(SampleIndexFixture index) : IClassFixture<SampleIndexFixture>
{
    private const string TemplateBib = "@book{DudaHart2nd, author={Duda, Richard and Hart, Peter}, title={Pattern Classification}, year={2000}}\n";
    private const string PaperBib = "@article{hart2024search, author={Hart, Ann}, title={Code search agents}, year={2024}}\n";

    [Theory]
    [InlineData("main.tex", "\\documentclass{article}\n\\begin{document}\n\\input{Sections/intro}\nCode search agents~\\cite{hart}.\n\\bibliography{reference}\n\\end{document}\n", 3, "hart2024search")]
    [InlineData("Sections/intro.tex", "\\section{Introduction}\nCode search agents~\\cite{hart}.\n", 1, "hart2024search")]
    [InlineData("notes.tex", "\\documentclass{article}\n\\begin{document}\nCode search agents~\\cite{hart}.\n\\end{document}\n", 2, "DudaHart2nd hart2024search")]
    public async Task Completion_offers_the_bib_entries_of_the_bibliography_the_paper_names(string file, string text, int line, string expected)
    {
        await using var session = await StartAsync(file, text, withMain: true);
        var uri = await session.OpenAsync(file);
        var character = text.Split('\n')[line].IndexOf("hart}", StringComparison.Ordinal) + "hart".Length;

        var result = await session.ResultAsync("textDocument/completion", FeatureSession.At(uri, line, character));

        var bibKeys = result.GetProperty("items").EnumerateArray()
            .Where(i => !i.TryGetProperty("command", out var command) || command.ValueKind == System.Text.Json.JsonValueKind.Null)
            .Select(i => i.GetProperty("label").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(expected, string.Join(' ', bibKeys));
    }

    [Theory]
    [InlineData("main.tex", "\\documentclass{article}\n\\begin{document}\n\\input{Sections/intro}\nPatterns~\\cite{DudaHart2nd} and agents~\\cite{hart2024search}.\n\\bibliography{reference}\n\\end{document}\n", "DudaHart2nd:citation-in-unused-bib:example_paper.bib")]
    [InlineData("Sections/intro.tex", "\\section{Introduction}\nPatterns~\\cite{dudahart2nd} and agents~\\cite{hart2024search}.\n", "dudahart2nd:citation-in-unused-bib:example_paper.bib")]
    [InlineData("notes.tex", "\\documentclass{article}\n\\begin{document}\nPatterns~\\cite{DudaHart2nd} and agents~\\cite{hart2024search}.\n\\end{document}\n", "")]
    public async Task Diagnostics_report_a_key_only_the_template_bib_defines_in_a_paper_that_does_not_name_it(string file, string text, string expected)
    {
        await using var session = await StartAsync(file, text, withMain: true);
        var (_, diagnostics) = await OpenWithDiagnosticsAsync(session, file);
        var found = diagnostics.Select(d =>
        {
            var message = d.GetProperty("message").GetString()!;
            var named = message.Contains("example_paper.bib", StringComparison.Ordinal) ? "example_paper.bib" : message.Contains("reference.bib", StringComparison.Ordinal) ? "reference.bib" : "?";
            var line = d.GetProperty("range").GetProperty("start").GetProperty("line").GetInt32();
            var start = d.GetProperty("range").GetProperty("start").GetProperty("character").GetInt32();
            var end = d.GetProperty("range").GetProperty("end").GetProperty("character").GetInt32();
            return $"{text.Split('\n')[line][start..end]}:{d.GetProperty("code").GetString()}:{named}";
        });
        Assert.Equal(expected, string.Join(' ', found));
    }

    [Theory]
    [InlineData("main.tex", "\\documentclass{article}\n\\begin{document}\nPatterns~\\cite{DudaHart2n}.\n\\bibliography{reference}\n\\end{document}\n", "")]
    [InlineData("notes.tex", "\\documentclass{article}\n\\begin{document}\nPatterns~\\cite{DudaHart2n}.\n\\end{document}\n", "Replace 'DudaHart2n' with 'DudaHart2nd' (Pattern Classification)")]
    public async Task A_mistyped_key_is_offered_only_keys_of_the_bib_files_the_paper_uses(string file, string text, string expected)
    {
        await using var session = await StartAsync(file, text, withMain: false);
        var (uri, diagnostics) = await OpenWithDiagnosticsAsync(session, file);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("unknown-citation-key", diagnostic.GetProperty("code").GetString());

        var actions = await QuickFixesAsync(session, uri, diagnostic);

        Assert.Equal(expected, string.Join(" | ", actions.EnumerateArray().Select(a => a.GetProperty("title").GetString())));
    }

    [Theory]
    [InlineData("main.tex", "\\documentclass{article}\n\\begin{document}\nPatterns~\\cite{DudaHart2nd}.\n\\bibliography{reference}\n\\end{document}\n", true)]
    [InlineData("notes.tex", "\\documentclass{article}\n\\begin{document}\nPatterns~\\cite{DudaHart2nd}.\n\\end{document}\n", false)]
    public async Task The_hover_of_a_key_only_the_template_bib_defines_says_so_in_a_paper_that_does_not_name_it(string file, string text, bool warned)
    {
        await using var session = await StartAsync(file, text, withMain: false);
        var uri = await session.OpenAsync(file);

        var hover = await session.ResultAsync("textDocument/hover", FeatureSession.At(uri, 2, text.Split('\n')[2].IndexOf("Duda", StringComparison.Ordinal) + 2));

        var markdown = hover.GetProperty("contents").GetProperty("value").GetString()!;
        Assert.Contains("Pattern Classification", markdown, StringComparison.Ordinal);
        Assert.Equal(warned, markdown.Contains("**Not in this paper's bibliography:** `DudaHart2nd` is defined only in example\\_paper.bib", StringComparison.Ordinal));
    }

    /// <summary>
    /// A key only the template's .bib defines gets a quick fix that copies that entry, as written, into the .bib the
    /// paper's \bibliography names (from a section file too: its main file's); once the paper's .bib has it, the
    /// warning goes and no copy is offered again.
    /// </summary>
    [Theory]
    [InlineData("main.tex", "\\documentclass{article}\n\\begin{document}\nPatterns~\\cite{DudaHart2nd}.\n\\bibliography{reference}\n\\end{document}\n")]
    [InlineData("Sections/intro.tex", "\\section{Introduction}\nPatterns~\\cite{dudahart2nd}.\n")]
    public async Task A_key_only_the_template_bib_defines_gets_a_quick_fix_copying_its_entry_into_the_bib_the_paper_names(string file, string text)
    {
        await using var session = await StartAsync(file, text, withMain: true);
        var (uri, diagnostics) = await OpenWithDiagnosticsAsync(session, file);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("citation-in-unused-bib", diagnostic.GetProperty("code").GetString());

        var fix = Assert.Single((await QuickFixesAsync(session, uri, diagnostic)).EnumerateArray());
        Assert.Equal("Copy the entry of 'DudaHart2nd' from example_paper.bib into reference.bib", fix.GetProperty("title").GetString());
        Assert.Null(LspEdits.For(fix.GetProperty("edit"), session.Uri("example_paper.bib")));
        var bib = LspEdits.Apply(PaperBib, LspEdits.For(fix.GetProperty("edit"), session.Uri("reference.bib"))!.Value);
        Assert.Equal(PaperBib + "\n" + TemplateBib, bib);
        Assert.Equal("paperlsp.bibEntryApplied", fix.GetProperty("command").GetProperty("command").GetString());

        // the paper's .bib now has the entry: the warning goes, and the quick fix for the old warning copies nothing
        var cleared = session.Client.WaitForMessageAsync(m => LspTestClient.IsMethod(m, "textDocument/publishDiagnostics")
            && m.GetProperty("params").GetProperty("uri").GetString() == uri && m.GetProperty("params").GetProperty("diagnostics").GetArrayLength() == 0);
        await session.OpenAsync("reference.bib", bib);
        await cleared;
        Assert.Empty((await QuickFixesAsync(session, uri, diagnostic)).EnumerateArray());
    }

    /// <summary>Opens <paramref name="file"/> and returns its uri with the first diagnostics the server publishes for it.</summary>
    private static async Task<(string Uri, List<System.Text.Json.JsonElement> Diagnostics)> OpenWithDiagnosticsAsync(FeatureSession session, string file)
    {
        var uri = session.Uri(file);
        var published = session.Client.WaitForMessageAsync(m => LspTestClient.IsMethod(m, "textDocument/publishDiagnostics") && m.GetProperty("params").GetProperty("uri").GetString() == uri);
        await session.OpenAsync(file);
        return (uri, (await published).GetProperty("params").GetProperty("diagnostics").EnumerateArray().ToList());
    }

    private static async Task<System.Text.Json.JsonElement> QuickFixesAsync(FeatureSession session, string uri, System.Text.Json.JsonElement diagnostic) =>
        await session.ResultAsync("textDocument/codeAction", new System.Text.Json.Nodes.JsonObject
        {
            ["textDocument"] = new System.Text.Json.Nodes.JsonObject { ["uri"] = uri },
            ["range"] = System.Text.Json.Nodes.JsonNode.Parse(diagnostic.GetProperty("range").GetRawText()),
            ["context"] = new System.Text.Json.Nodes.JsonObject
            {
                ["diagnostics"] = new System.Text.Json.Nodes.JsonArray(System.Text.Json.Nodes.JsonNode.Parse(diagnostic.GetRawText())),
                ["only"] = new System.Text.Json.Nodes.JsonArray("quickfix"),
            },
        });

    /// <summary>A workspace with the template's and the paper's .bib, <paramref name="file"/> and (when asked) a main file naming reference.bib.</summary>
    private async Task<FeatureSession> StartAsync(string file, string text, bool withMain)
    {
        var files = new Dictionary<string, string>
        {
            ["example_paper.bib"] = TemplateBib,
            ["reference.bib"] = PaperBib,
        };
        if (withMain)
        {
            files["main.tex"] = "\\documentclass{article}\n\\begin{document}\n\\input{Sections/intro}\n\\bibliography{reference}\n\\end{document}\n";
        }

        files[file] = text;
        return await FeatureSession.StartAsync(index.NewWorkspace(files), index.Catalog);
    }
}
