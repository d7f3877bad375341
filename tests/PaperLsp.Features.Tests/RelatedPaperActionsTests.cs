using PaperLsp.Features.Actions;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Tests;

public sealed class RelatedPaperActionsTests
{
    private static readonly string Dir = Path.Combine(Path.GetTempPath(), "paper");

    [Fact]
    public void CitesTheTopPaperAndAppendsItsEntryToTheNamedBib()
    {
        var doc = "Allocating more test-time computation at inference time beats scaling parameters$0.\n\\bibliography{refs}\n";
        var bib = new WorkspaceBibliography();
        bib.Update(Path.Combine(Dir, "other.bib"), "@misc{x, title={X}}");
        bib.Update(Path.Combine(Dir, "refs.bib"), TestCorpus.ReferencesBib);
        var set = Compute(doc, DocumentLanguage.Latex, bib, "\\citep");

        var action = set.CiteActions[0];
        Assert.Equal("snell2024scaling", action.Key);
        Assert.Equal("Cite related: Scaling LLM Test-Time Compute Optimally can be More Effective than… (2024)", action.Title);
        Assert.Contains("adds the BibTeX entry to refs.bib", action.Detail, StringComparison.Ordinal);
        Assert.False(action.CreatesBibFile);
        Assert.Equal(2, action.Edits.Count);

        var docEdit = action.Edits[0];
        Assert.Equal(Path.Combine(Dir, "main.tex"), docEdit.Path);
        Assert.StartsWith("Allocating more test-time computation at inference time beats scaling parameters~\\citep{snell2024scaling}.", TextEdit.Apply(MarkedText.Parse(doc).Text, docEdit.Edits), StringComparison.Ordinal);

        var bibEdit = action.Edits[1];
        Assert.Equal(Path.Combine(Dir, "refs.bib"), bibEdit.Path);
        var newBib = TextEdit.Apply(TestCorpus.ReferencesBib, bibEdit.Edits);
        Assert.StartsWith(TestCorpus.ReferencesBib + "\n\n@", newBib, StringComparison.Ordinal);
        var check = new WorkspaceBibliography();
        check.Update("refs.bib", newBib);
        var added = check.Find("snell2024scaling")!;
        Assert.Equal("Scaling LLM Test-Time Compute Optimally can be More Effective than Scaling Model Parameters", added.Paper.Title);
        Assert.Equal("2408.03314", added.Paper.ArxivId);
        Assert.Equal(["Charlie Snell", "Jaehoon Lee", "Kelvin Xu", "Aviral Kumar"], added.Paper.Authors);

        Assert.StartsWith("Show related papers", set.ShowRelatedTitle, StringComparison.Ordinal);
        Assert.Equal("snell2024scaling", set.RelatedPapers[0].Key);
    }

    [Fact]
    public void PaperAlreadyInTheBibIsCitedUnderItsBibKeyWithoutAddingAnEntry()
    {
        var doc = "We propose a new simple network architecture based solely on attention mechanisms for translation$0.";
        var bib = new WorkspaceBibliography();
        bib.Update(Path.Combine(Dir, "refs.bib"), TestCorpus.ReferencesBib);
        var action = Compute(doc, DocumentLanguage.Latex, bib).CiteActions[0];
        Assert.Equal("vaswani2017attention", action.Key);
        Assert.Single(action.Edits);
        Assert.Contains("already in refs.bib", action.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void CreatesReferencesBibWhenTheWorkspaceHasNone()
    {
        var doc = "Sampling diverse reasoning paths and voting improves chain of thought reasoning$0.";
        var action = Compute(doc, DocumentLanguage.Latex, new WorkspaceBibliography()).CiteActions[0];
        Assert.True(action.CreatesBibFile);
        var bibEdit = action.Edits[1];
        Assert.True(bibEdit.CreateFile);
        Assert.Equal(Path.Combine(Dir, "references.bib"), bibEdit.Path);
        Assert.StartsWith("@", Assert.Single(bibEdit.Edits).NewText, StringComparison.Ordinal);
        Assert.Contains("create references.bib", action.Title, StringComparison.Ordinal);
        Assert.Contains("no \\bibliography", action.Detail, StringComparison.Ordinal);
        Assert.Single(action.Edits[0].Edits); // the document only gets the citation
    }

    [Fact]
    public void KeyCollidingWithADifferentBibEntryGetsASuffix()
    {
        var bib = new WorkspaceBibliography();
        bib.Update(Path.Combine(Dir, "refs.bib"), "@misc{Snell2024Scaling, title={Something else entirely}}");
        var action = Compute("Allocating more test-time computation at inference$0.", DocumentLanguage.Latex, bib).CiteActions[0];
        Assert.StartsWith("snell2024scaling", action.Key, StringComparison.Ordinal); // a free, readable variant (WorkspaceKeys)
        Assert.False(bib.ContainsKeyIgnoringCase(action.Key));
        Assert.Contains("{" + action.Key + ",", action.Edits[1].Edits[0].NewText, StringComparison.Ordinal);
    }

    [Fact]
    public void UsesTheSelectionAsTheQuery()
    {
        var catalog = TestCorpus.Catalog();
        var snippet = MarkedText.Parse("$1software engineering GitHub issues$2 and unrelated words. Next sentence.");
        var set = new RelatedPaperActions(catalog, new WorkspaceBibliography()).Compute(new CodeActionRequest(
            Path.Combine(Dir, "notes.md"), snippet.Text, DocumentLanguage.Markdown, snippet.SelectionStart, snippet.SelectionEnd));
        Assert.Equal("software engineering GitHub issues", Assert.Single(catalog.Queries).Context);
        var action = set.CiteActions[0];
        Assert.Equal("jimenez2024swebench", action.Key);
        var edit = Assert.Single(action.Edits);
        Assert.Equal("software engineering GitHub issues and unrelated words [@jimenez2024swebench]. Next sentence.", TextEdit.Apply(snippet.Text, edit.Edits));
    }

    [Fact]
    public void OffersAtMostTheRequestedNumberAndSkipsPapersCitedInTheSentence()
    {
        var doc = "Chain of thought reasoning in language models with self-consistency \\cite{wei2022chain}$0.";
        var set = Compute(doc, DocumentLanguage.Latex, new WorkspaceBibliography(), limit: 1);
        var action = Assert.Single(set.CiteActions);
        Assert.NotEqual("wei2022chain", action.Key);
        Assert.Equal("Chain of thought reasoning in language models with self-consistency \\cite{wei2022chain," + action.Key + "}.", TextEdit.Apply(MarkedText.Parse(doc).Text, action.Edits[0].Edits));
    }

    [Fact]
    public void NothingForEmptyDocuments() =>
        Assert.Empty(Compute("$0", DocumentLanguage.Latex, new WorkspaceBibliography()).CiteActions);

    private static RelatedPaperActionSet Compute(string marked, DocumentLanguage language, WorkspaceBibliography bibliography, string command = "\\cite", int limit = 3)
    {
        var snippet = MarkedText.Parse(marked);
        return new RelatedPaperActions(TestCorpus.Catalog(), bibliography).Compute(new CodeActionRequest(
            Path.Combine(Dir, "main.tex"), snippet.Text, language, snippet.SelectionStart, snippet.SelectionEnd, command, limit));
    }
}
