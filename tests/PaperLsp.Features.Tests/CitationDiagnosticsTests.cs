using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Definition;
using PaperLsp.Features.Diagnostics;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Tests;

public sealed class CitationDiagnosticsTests
{
    /// <summary>Expected: "key:severity:suggestions" per diagnostic, ';'-separated.</summary>
    [Theory]
    [InlineData(DocumentLanguage.Latex, "\\cite{vaswani2017attention, lewis2020rag, snell2024scaling}", "snell2024scaling:Warning:")]
    [InlineData(DocumentLanguage.Latex, "\\cite{vaswani2017atention}", "vaswani2017atention:Error:vaswani2017attention")]
    [InlineData(DocumentLanguage.Latex, "\\citep{lewsi2020rag, snell2024scaling}", "lewsi2020rag:Error:lewis2020rag;snell2024scaling:Warning:")]
    [InlineData(DocumentLanguage.Latex, "\\cite{completelyunknown}", "completelyunknown:Error:")]
    [InlineData(DocumentLanguage.Latex, "\\nocite{*}", "")]
    [InlineData(DocumentLanguage.Latex, "% \\cite{commented}", "")]
    [InlineData(DocumentLanguage.Latex, "\\cite{half typed", "")]
    [InlineData(DocumentLanguage.Latex, "1706.03762 \\cite{1706.03762}", "1706.03762:Error:vaswani2017attention")] // the .bib has that paper as vaswani2017attention
    [InlineData(DocumentLanguage.Markdown, "[@wei2022chian] and @jimenez2024swebenhc", "wei2022chian:Error:wei2022chain;jimenez2024swebenhc:Information:jimenez2024swebench")]
    [InlineData(DocumentLanguage.Markdown, "mail me at a@b.com `@code`", "")]
    [InlineData(DocumentLanguage.Typst, "= Intro <intro>\nSee @intro and @wei2022chian.", "wei2022chian:Information:wei2022chain")]
    public void ReportsUnknownKeys(DocumentLanguage language, string text, string expected)
    {
        var diagnostics = Diagnostics().Compute(text, language);
        var actual = string.Join(';', diagnostics.Select(d => $"{d.Key}:{d.Severity}:{string.Join(',', d.Suggestions.Select(s => s.Key))}"));
        Assert.Equal(expected, actual);
        foreach (var diagnostic in diagnostics)
        {
            Assert.Equal(diagnostic.Key, text[diagnostic.Start..diagnostic.End]);
            Assert.All(diagnostic.Suggestions, s => Assert.Equal(s.Key, TextEdit.Apply(text, [s.Edit])[diagnostic.Start..(diagnostic.Start + s.Key.Length)]));
        }
    }

    /// <summary>
    /// A writer's key neither the .bib nor the index has, read by its shape (surname + year + title word). Expected:
    /// "key:severity:code:suggestions" and a fragment of the message.
    /// </summary>
    [Theory]
    [InlineData("", DocumentLanguage.Latex, "\\cite{shinn2024reflexion}", "shinn2024reflexion:Warning:citation-not-in-bib:", "fits Reflexion: Language Agents with Verbal Reinforcement Lear... (2023) in the paper index")]
    [InlineData("", DocumentLanguage.Markdown, "As in @shinn2024reflexion.", "shinn2024reflexion:Information:citation-not-in-bib:", "BibTeX will report it undefined")]
    [InlineData(ShinnEntry, DocumentLanguage.Latex, "\\cite{shinn2024reflexion}", "shinn2024reflexion:Error:unknown-citation-key:Shinn23", "which your .bib has as 'Shinn23'")]
    [InlineData("", DocumentLanguage.Latex, "\\cite{smith2024reflexion}", "smith2024reflexion:Error:unknown-citation-key:", "not in the workspace .bib nor in the paper catalog")]
    [InlineData("", DocumentLanguage.Latex, "\\cite{shinn2023reflexion}", "shinn2023reflexion:Warning:citation-not-in-bib:", "is in the paper index but not in any workspace .bib")]
    [InlineData(ShinnEntry, DocumentLanguage.Latex, "\\cite{shinn2023reflexion}", "shinn2023reflexion:Error:unknown-citation-key:Shinn23", "it names Reflexion: Language Agents with Verbal Reinforcement Lear... (2023), which your .bib has as 'Shinn23'")]
    public void A_writers_key_names_the_index_paper_its_shape_fits(string bib, DocumentLanguage language, string text, string expected, string message)
    {
        var bibliography = new WorkspaceBibliography();
        if (bib.Length > 0)
        {
            bibliography.Update("refs.bib", bib);
        }

        var diagnostic = Assert.Single(new CitationDiagnostics(ShapeIndex(), bibliography).Compute(text, language));
        Assert.Equal(expected, $"{diagnostic.Key}:{diagnostic.Severity}:{diagnostic.Code}:{string.Join(',', diagnostic.Suggestions.Select(s => s.Key))}");
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(diagnostic.Key, text[diagnostic.Start..diagnostic.End]);
    }

    private const string ShinnEntry = "@article{Shinn23,\n  title = {Reflexion: Language Agents with Verbal Reinforcement Learning},\n  year = {2023}\n}\n";

    private static FakePaperCatalog ShapeIndex() => new FakePaperCatalog()
        .Add("shinn2023reflexion", "Reflexion: Language Agents with Verbal Reinforcement Learning", "agents reflect verbally on feedback", ["Noah Shinn"], 2023, "2303.11366")
        .Add("madaan2023self", "Self-Refine: Iterative Refinement with Self-Feedback", "iterative feedback", ["Aman Madaan"], 2023);

    [Fact]
    public void SuggestsAtMostThreeKeys()
    {
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("a.bib", string.Concat(Enumerable.Range(0, 10).Select(i => $"@misc{{smith202{i}, title={{T{i}}}}}\n")));
        var diagnostic = Assert.Single(new CitationDiagnostics(TestCorpus.Catalog(), bibliography).Compute("\\cite{smith2029x}", DocumentLanguage.Latex));
        Assert.Equal(3, diagnostic.Suggestions.Count);
        Assert.Equal("smith2029", diagnostic.Suggestions[0].Key);
        Assert.Contains("did you mean 'smith2029'?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefinitionOfABibKeyPointsAtItsEntry()
    {
        var snippet = MarkedText.Parse("\\cite{lewis$02020rag}");
        var definition = Finder().FindAt(snippet.Text, snippet.Cursor, DocumentLanguage.Latex)!;
        Assert.True(definition.IsInBibliography);
        Assert.Equal("refs.bib", definition.Path);
        Assert.Equal(10, definition.Line);
        Assert.StartsWith("@article{lewis2020rag,", TestCorpus.ReferencesBib[definition.Start..definition.End], StringComparison.Ordinal);
    }

    [Fact]
    public void DefinitionOfACatalogOnlyKeyIsARendering()
    {
        var definition = Finder().Find("snell2024scaling")!;
        Assert.False(definition.IsInBibliography);
        Assert.StartsWith("@article{snell2024scaling,", definition.RenderedBibtex, StringComparison.Ordinal);
        Assert.Contains("{Snell, Charlie and Lee, Jaehoon and Xu, Kelvin and Kumar, Aviral}", definition.RenderedBibtex, StringComparison.Ordinal);
        Assert.StartsWith("**Scaling LLM", definition.RenderedMarkdown, StringComparison.Ordinal);
        Assert.Null(Finder().Find("nobody"));
        Assert.Null(Finder().FindAt("plain", 2, DocumentLanguage.Latex));
    }

    private static WorkspaceBibliography Bibliography()
    {
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("refs.bib", TestCorpus.ReferencesBib);
        return bibliography;
    }

    [Fact]
    public void IndexKeyMissingFromTheBibIsAWarningNamingThePaper()
    {
        var diagnostic = Assert.Single(Diagnostics().Compute("As shown~\\citep{snell2024scaling}.", DocumentLanguage.Latex));
        Assert.Equal(DiagnosticCodes.NotInBibliography, diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("Scaling LLM Test-Time Compute", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("not in any workspace .bib", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedEntryIsReportedAsMalformedNotUnknown()
    {
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("refs.bib", TestCorpus.ReferencesBib + "\n\n@article{yao2023tree,\n  title = {Tree of Thoughts: Deliberate Problem Solving,\n  year = {2023}\n}\n");
        var diagnostic = Assert.Single(new CitationDiagnostics(TestCorpus.Catalog(), bibliography).Compute("\\cite{yao2023tree}", DocumentLanguage.Latex));
        Assert.Equal(DiagnosticCodes.MalformedEntry, diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("'yao2023tree' in refs.bib is malformed (line ", diagnostic.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Unknown", diagnostic.Message, StringComparison.Ordinal);

        var problem = Assert.Single(CitationDiagnostics.BibFileProblems(bibliography, "refs.bib"));
        Assert.Equal(DiagnosticCodes.BibSyntax, problem.Code);
        Assert.Equal(DiagnosticSeverity.Error, problem.Severity);
        var text = bibliography.GetText("refs.bib")!;
        Assert.InRange(problem.Start, text.IndexOf("@article{yao2023tree", StringComparison.Ordinal), text.Length);
    }

    [Fact]
    public void BibSyntaxProblemsCarryTheParsersPosition()
    {
        var bibliography = new WorkspaceBibliography();
        const string text = "@misc{ok, title = {Fine}}\n@misc{bad,\n  title = {No comma} year = {2020}\n}\n";
        bibliography.Update("x.bib", text);
        var problem = Assert.Single(CitationDiagnostics.BibFileProblems(bibliography, "x.bib"));
        Assert.Contains("Missing ','", problem.Message, StringComparison.Ordinal);
        var line = text[..problem.Start].Count(c => c == '\n') + 1;
        Assert.Equal(3, line);
        Assert.True(problem.End > problem.Start);
    }

    [Fact]
    public void KeyBeingTypedIsNotReportedUntilTheWriterMovesOn()
    {
        const string text = "We follow prior work~\\citep{v}. More text.";
        var keyAt = text.IndexOf("{v}", StringComparison.Ordinal) + 1;
        Assert.Empty(Diagnostics().Compute(text, DocumentLanguage.Latex, typing: (keyAt, keyAt + 1)));
        var elsewhere = text.IndexOf("More", StringComparison.Ordinal);
        var diagnostic = Assert.Single(Diagnostics().Compute(text, DocumentLanguage.Latex, typing: (elsewhere, elsewhere + 4)));
        Assert.Equal("v", diagnostic.Key);
        Assert.Single(Diagnostics().Compute(text, DocumentLanguage.Latex));
    }

    private static CitationDiagnostics Diagnostics() => new(TestCorpus.Catalog(), Bibliography());

    private static CitationDefinitionFinder Finder() => new(TestCorpus.Catalog(), Bibliography());
}
