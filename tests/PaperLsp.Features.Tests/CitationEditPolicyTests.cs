using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Editing;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Tests;

/// <summary>The one citation edit policy: which .bib, which macro, which key, no duplicates.</summary>
public sealed class CitationEditPolicyTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "policy-ws");
    private static readonly string Tex = Path.Combine(Root, "paper", "main.tex");

    [Fact]
    public void BibTargetPrefersTheDocumentsBibliographyThenItsFolderThenTheSettingThenTheFirstBib()
    {
        var bibliography = new WorkspaceBibliography();
        var named = Path.Combine(Root, "paper", "refs.bib");
        var sameFolder = Path.Combine(Root, "paper", "other.bib");
        var elsewhere = Path.Combine(Root, "a", "first.bib");
        bibliography.Update(named, "");
        bibliography.Update(sameFolder, "");
        bibliography.Update(elsewhere, "");
        var policy = new CitationEditPolicy(TestCorpus.Catalog(), bibliography);
        Assert.Equal(new BibTarget(named, false, true), policy.ChooseBib(Doc("\\bibliography{refs}")));
        Assert.Equal(new BibTarget(Path.Combine(Root, "paper", "missing.bib"), true, true), policy.ChooseBib(Doc("\\addbibresource{missing.bib}")));
        Assert.Equal(new BibTarget(sameFolder, false, false), new CitationEditPolicy(TestCorpus.Catalog(), Without(bibliography, named)).ChooseBib(Doc("No bibliography.")));
        Assert.Equal(new BibTarget(sameFolder, false, false), new CitationEditPolicy(TestCorpus.Catalog(), Without(bibliography, named)).ChooseBib(new EditedDocument(Path.Combine(Root, "paper", "notes.md"), "text", DocumentLanguage.Markdown)));

        var onlyElsewhere = new WorkspaceBibliography();
        onlyElsewhere.Update(elsewhere, "");
        var configured = Path.Combine(Root, "shared", "library.bib");
        Assert.Equal(new BibTarget(configured, true, false), new CitationEditPolicy(TestCorpus.Catalog(), onlyElsewhere, new CitationEditOptions(BibFile: configured)).ChooseBib(Doc("x")));
        Assert.Equal(new BibTarget(elsewhere, false, false), new CitationEditPolicy(TestCorpus.Catalog(), onlyElsewhere).ChooseBib(Doc("x")));
        Assert.Equal(new BibTarget(Path.Combine(Root, "paper", "references.bib"), true, false), new CitationEditPolicy(TestCorpus.Catalog(), new WorkspaceBibliography()).ChooseBib(Doc("x")));
        Assert.Null(new CitationEditPolicy(TestCorpus.Catalog(), new WorkspaceBibliography()).ChooseBib(new EditedDocument(Path.Combine(Root, "n.md"), "x", DocumentLanguage.Markdown)));
    }

    [Theory]
    [InlineData("\\citep{a} \\citet{b} \\citep{c} \\citeauthor{d} \\citeauthor{e} \\citeauthor{f}", "auto", "citep")]
    [InlineData("\\usepackage{natbib}\nNothing cited yet.", "auto", "citep")]
    [InlineData("\\usepackage[style=authoryear]{biblatex}\nNothing cited yet.", "auto", "autocite")]
    [InlineData("Nothing cited yet.", "auto", "cite")]
    [InlineData("\\parencite{a} \\textcite{b} \\textcite{c}", "auto", "textcite")]
    [InlineData("\\citep{a} \\citep{b}", "cite", "cite")]
    public void MacroIsTheDocumentsDominantVariantUnlessTheSettingSaysOtherwise(string text, string style, string expected)
    {
        var policy = new CitationEditPolicy(TestCorpus.Catalog(), new WorkspaceBibliography(), new CitationEditOptions(style));
        Assert.Equal(expected, policy.CiteMacro(Doc(text)));
    }

    [Fact]
    public void CodeActionCitesWithTheDominantMacroAndFillsAnEmptyCitationEndingTheSentence()
    {
        var catalog = TestCorpus.Catalog();
        var policy = new CitationEditPolicy(catalog, new WorkspaceBibliography());
        var stored = catalog.FindByKey("wei2022chain")!;
        const string plain = "\\usepackage{natbib}\nPrior work~\\citep{x} shows this. Reasoning emerges with chains of thought.";
        var sentence = plain.IndexOf("Reasoning", StringComparison.Ordinal);
        var plan = policy.CiteAtSentenceEnd(Doc(plain), sentence, plain.Length, stored);
        Assert.EndsWith("chains of thought~\\citep{wei2022chain}.", Apply(plain, plan, Tex), StringComparison.Ordinal);

        const string empty = "Prior work~\\citep{x} shows this. Reasoning emerges with chains of thought~\\citep{}.";
        plan = policy.CiteAtSentenceEnd(Doc(empty), empty.IndexOf("Reasoning", StringComparison.Ordinal), empty.Length, stored);
        Assert.EndsWith("chains of thought~\\citep{wei2022chain}.", Apply(empty, plan, Tex), StringComparison.Ordinal);

        var cursor = empty.IndexOf("{}", StringComparison.Ordinal) + 1;
        plan = policy.CiteAtCursor(Doc(empty), cursor, "wei2022chain");
        Assert.EndsWith("chains of thought~\\citep{wei2022chain}.", Apply(empty, plan, Tex), StringComparison.Ordinal);
    }

    [Fact]
    public void AnEntryForATitleOnlyListingTakesTheAuthorsAndYearOfAnotherRecordFoundByItsTitleWordsWithoutAHybridSearch()
    {
        const string title = "Chain of Thought Prompting Elicits Reasoning in Large Language Models";
        var catalog = new FakePaperCatalog()
            .Add("listing2201", title, "A listing without authors.", arxivId: "2201.11903")
            .Add("wei2022chain", title, "We explore how generating a chain of thought improves reasoning.", ["Jason Wei", "Xuezhi Wang"], 2022)
            .Add("other2023", "Reasoning in Language Models with Tools", "Another paper.", ["Ada Lovelace"], 2023);
        var listing = catalog.FindByKey("listing2201")!;
        var policy = new CitationEditPolicy(catalog, new WorkspaceBibliography());
        const string text = "\\documentclass{article}\n\\begin{document}\nChains of thought make models reason.\n\\bibliography{refs}\n\\end{document}\n";
        var sentence = text.IndexOf("Chains", StringComparison.Ordinal);

        var plan = policy.CiteAtSentenceEnd(Doc(text), sentence, text.IndexOf("reason.", StringComparison.Ordinal) + 7, listing);

        var entry = TextEdit.Apply("", plan.Edits.Single(e => e.Path != Tex).Edits);
        Assert.Contains("Wei, Jason", entry, StringComparison.Ordinal);
        Assert.Contains("2022", entry, StringComparison.Ordinal);
        Assert.Contains(title, catalog.TitleLookups);
        Assert.DoesNotContain(catalog.Queries, q => q.Context == title); // no query embedding on the request path for an entry
    }

    [Fact]
    public void CreatingReferencesBibAlsoAddsTheBibliographyCommands()
    {
        var catalog = TestCorpus.Catalog();
        var policy = new CitationEditPolicy(catalog, new WorkspaceBibliography());
        const string natbib = "\\documentclass{article}\n\\usepackage{natbib}\n\\begin{document}\nText.\n\\end{document}\n";
        var plan = policy.CiteAtCursor(Doc(natbib), natbib.IndexOf("Text", StringComparison.Ordinal) + 4, "wei2022chain");
        Assert.True(plan.CreatesBibFile);
        var text = Apply(natbib, plan, Tex);
        Assert.Contains("Text~\\citep{wei2022chain}.", text, StringComparison.Ordinal);
        Assert.EndsWith("\\bibliographystyle{plainnat}\n\\bibliography{references}\n\\end{document}\n", text, StringComparison.Ordinal);
        var bib = plan.Edits.Single(e => e.Path != Tex);
        Assert.True(bib.CreateFile);
        Assert.StartsWith("@article{wei2022chain,", TextEdit.Apply("", bib.Edits), StringComparison.Ordinal);

        const string biblatex = "\\documentclass{article}\n\\usepackage{biblatex}\n\\begin{document}\nText.\n\\end{document}\n";
        text = Apply(biblatex, policy.CiteAtCursor(Doc(biblatex), biblatex.IndexOf("Text", StringComparison.Ordinal) + 4, "wei2022chain"), Tex);
        Assert.Contains("\\addbibresource{references.bib}\n\\begin{document}", text, StringComparison.Ordinal);
        Assert.Contains("\\printbibliography\n\\end{document}", text, StringComparison.Ordinal);
        Assert.Contains("Text~\\autocite{wei2022chain}.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void EntryOnDiskOrPendingButNotYetSeenIsNotAppendedTwice()
    {
        var catalog = TestCorpus.Catalog();
        var bibPath = Path.Combine(Root, "paper", "refs.bib");
        var bibliography = new WorkspaceBibliography();
        bibliography.Update(bibPath, TestCorpus.ReferencesBib);
        var document = Doc("\\bibliography{refs}\nText~\\cite{wei2022chain}.");

        var first = new CitationEditPolicy(catalog, bibliography).BibEntryOnly(document, "wei2022chain");
        var appended = TextEdit.Apply(TestCorpus.ReferencesBib, first.Edits.Single(e => e.Path == bibPath).Edits);

        // the disk has it (saved from an editor buffer the server does not see)
        var fromDisk = new CitationEditPolicy(catalog, bibliography, readFile: p => p == bibPath ? appended : null);
        Assert.Empty(fromDisk.BibEntryOnly(document, "wei2022chain").Edits);
        var cite = fromDisk.CiteAtCursor(document, 0, "wei2022chain");
        Assert.Null(cite.Target);

        // only a pending (applied, unsaved) edit has it
        var pending = new PendingBibAppends();
        pending.Add(bibPath, "wei2022chain", catalog.FindByKey("wei2022chain")!.Paper, bibliography.GetText(bibPath));
        var fromPending = new CitationEditPolicy(catalog, bibliography, pending: pending);
        Assert.Empty(fromPending.BibEntryOnly(document, "wei2022chain").Edits);
        Assert.Null(fromPending.CiteAtSentenceEnd(document, 0, document.Text.Length, catalog.FindByKey("wei2022chain")!).Target);

        // once the server's copy changes without the entry (undone), the pending entry is forgotten
        bibliography.Update(bibPath, TestCorpus.ReferencesBib + "\n");
        Assert.NotEmpty(new CitationEditPolicy(catalog, bibliography, pending: pending).BibEntryOnly(document, "wei2022chain").Edits);
    }

    [Fact]
    public void PaperAlreadyInTheBibUnderAnotherKeyIsCitedByThatKey()
    {
        var catalog = TestCorpus.Catalog();
        var bibliography = new WorkspaceBibliography();
        bibliography.Update(Path.Combine(Root, "paper", "refs.bib"), "@article{WeiCoT,\n  title = {Chain-of-Thought Prompting Elicits Reasoning in Large Language Models},\n  eprint = {2201.11903}\n}\n");
        var policy = new CitationEditPolicy(catalog, bibliography);
        var plan = policy.CiteAtCursor(Doc("Text."), 4, "wei2022chain");
        Assert.Equal("WeiCoT", plan.Key);
        Assert.Null(plan.Target);
        Assert.Contains("\\cite{WeiCoT}", Apply("Text.", plan, Tex), StringComparison.Ordinal);
        Assert.NotNull(policy.BibEntryOnly(Doc("Text."), "wei2022chain").Problem);
    }

    [Fact]
    public void TitleOnlyRecordGetsTheMissingFieldsFromAnotherSourceOfTheSamePaper()
    {
        var catalog = new FakePaperCatalog()
            .Add("lessmore", "Less is More: Recursive Reasoning with Tiny Networks")
            .Add("jolicoeurmartineau2025less", "Less is More: Recursive Reasoning with Tiny Networks", authors: ["Alexia Jolicoeur-Martineau"], year: 2025, arxivId: "2510.04871");
        var plan = new CitationEditPolicy(catalog, new WorkspaceBibliography()).BibEntryOnly(Doc("\\bibliography{refs}\n\\cite{lessmore}"), "lessmore");
        var entry = TextEdit.Apply("", plan.Edits.Single(e => e.Path != Tex).Edits);
        Assert.StartsWith("@article{lessmore,", entry, StringComparison.Ordinal);
        Assert.Contains("Jolicoeur-Martineau, Alexia", entry, StringComparison.Ordinal);
        Assert.Contains("{2025}", entry, StringComparison.Ordinal);
        Assert.Contains("arXiv preprint arXiv:2510.04871", entry, StringComparison.Ordinal);
    }

    [Fact]
    public void VariantKeyOfAPaperWhoseIndexKeyNamesAnotherBibEntryResolvesToThatPaper()
    {
        var catalog = TestCorpus.Catalog();
        var bibliography = new WorkspaceBibliography();
        bibliography.Update(Path.Combine(Root, "paper", "refs.bib"), "@article{snell2024scaling,\n  title = {A Different Paper That Uses This Key},\n  year = {2024}\n}\n");
        var policy = new CitationEditPolicy(catalog, bibliography);
        var variant = policy.KeyFor(catalog.FindByKey("snell2024scaling")!);
        Assert.NotEqual("snell2024scaling", variant);
        foreach (var key in new[] { variant, "snell2024scalingcompute" })
        {
            var plan = policy.BibEntryOnly(Doc("\\bibliography{refs}\n\\cite{" + key + "}"), key);
            var bibText = bibliography.Paths.Select(bibliography.GetText).Single()!;
            var entry = TextEdit.Apply(bibText, plan.Edits.Single().Edits)[bibText.Length..].TrimStart();
            Assert.StartsWith("@article{" + key + ",", entry, StringComparison.Ordinal);
            Assert.Contains("eprint        = {2408.03314}", entry, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_writers_key_that_its_shape_ties_to_an_index_paper_gets_that_papers_entry_under_the_writers_key()
    {
        var catalog = new FakePaperCatalog()
            .Add("shinn2023reflexion", "Reflexion: Language Agents with Verbal Reinforcement Learning", authors: ["Noah Shinn"], year: 2023, arxivId: "2303.11366");
        var bibliography = new WorkspaceBibliography();
        var bibPath = Path.Combine(Root, "paper", "refs.bib");
        bibliography.Update(bibPath, "@misc{other, title = {Something Else}}\n");
        var policy = new CitationEditPolicy(catalog, bibliography);
        var plan = policy.BibEntryOnly(Doc("\\bibliography{refs}\n\\cite{shinn2024reflexion}"), "shinn2024reflexion");
        Assert.Null(plan.Problem);
        var bibText = bibliography.GetText(bibPath)!;
        var entry = TextEdit.Apply(bibText, plan.Edits.Single(e => e.Path == bibPath).Edits)[bibText.Length..].TrimStart();
        Assert.StartsWith("@article{shinn2024reflexion,", entry, StringComparison.Ordinal);
        Assert.Contains("eprint        = {2303.11366}", entry, StringComparison.Ordinal);

        // another first author: the shape fits nothing, so nothing is appended
        Assert.NotNull(policy.BibEntryOnly(Doc("\\bibliography{refs}\n\\cite{smith2024reflexion}"), "smith2024reflexion").Problem);
    }

    /// <summary>
    /// An entry of a .bib the paper's \bibliography does not name is copied as written (macros, comments in fields, the
    /// field order) into the one it names; never twice: not when the named .bib has the key in another letter case, on
    /// disk only, or in an entry the editor applied; and not from stale offsets.
    /// </summary>
    [Fact]
    public void CopyEntryAppendsTheEntryAsWrittenToTheBibThePaperNamesAndNeverTwice()
    {
        var named = Path.Combine(Root, "paper", "refs.bib");
        var template = Path.Combine(Root, "paper", "example_paper.bib");
        const string entry = "@book{DudaHart2nd,\n  author    = {Duda, R. O. and Hart, P. E.},\n  title     = {Pattern {C}lassification},\n  month     = jan,\n  year      = 2000}";
        const string refs = "@article{hart2024search, author={Hart, Ann}, title={Code search agents}, year={2024}}\n";
        var bibliography = new WorkspaceBibliography();
        bibliography.Update(named, refs);
        bibliography.Update(template, "% the template's own entries\n@misc{Other, title={Other}}\n\n" + entry + "\n");
        var document = Doc("Patterns~\\cite{DudaHart2nd}.\n\\bibliography{refs}\n");
        var source = bibliography.Find("DudaHart2nd")!;

        var plan = new CitationEditPolicy(TestCorpus.Catalog(), bibliography).CopyEntry(document, source);
        Assert.Equal(new BibTarget(named, false, true), plan.Target);
        Assert.Equal(refs + "\n" + entry + "\n", Apply(refs, plan, named));
        Assert.DoesNotContain(plan.Edits, e => e.Path == Tex);

        var sameKeyOtherCase = new WorkspaceBibliography();
        sameKeyOtherCase.Update(named, refs + "@book{dudahart2nd, title={Pattern Classification}}\n");
        sameKeyOtherCase.Update(template, entry);
        Assert.Empty(new CitationEditPolicy(TestCorpus.Catalog(), sameKeyOtherCase).CopyEntry(document, source with { Start = 0, End = entry.Length }).Edits);

        var onDisk = new CitationEditPolicy(TestCorpus.Catalog(), bibliography, readFile: p => p == named ? refs + entry + "\n" : null);
        Assert.Empty(onDisk.CopyEntry(document, source).Edits);

        var pending = new PendingBibAppends();
        pending.Add(named, "DudaHart2nd", source.Paper, refs);
        Assert.Empty(new CitationEditPolicy(TestCorpus.Catalog(), bibliography, pending: pending).CopyEntry(document, source).Edits);

        var stale = new CitationEditPolicy(TestCorpus.Catalog(), bibliography).CopyEntry(document, source with { Start = source.Start + 1 });
        Assert.Empty(stale.Edits);
        Assert.Contains("could not be read", stale.Problem, StringComparison.Ordinal);

        var fromItsOwnFile = new CitationEditPolicy(TestCorpus.Catalog(), bibliography).CopyEntry(document, bibliography.Find("hart2024search")!);
        Assert.Empty(fromItsOwnFile.Edits);
        Assert.Contains("already in refs.bib", fromItsOwnFile.Problem, StringComparison.Ordinal);
    }

    /// <summary>
    /// A copied entry that uses @string macros of its own file brings their @string commands along (and the ones those
    /// use), before it, unless the named .bib defines the macro already: the copy then reads in the named .bib without an
    /// undefined macro, which would stop BibTeX. A month name needs nothing, and an entry without macros is copied alone.
    /// </summary>
    [Fact]
    public void CopyEntryBringsTheStringMacrosTheEntryUsesThatTheNamedBibLacks()
    {
        var named = Path.Combine(Root, "paper", "refs.bib");
        var template = Path.Combine(Root, "paper", "example_paper.bib");
        const string conf = "@string{conf = {Proceedings of the }}";
        const string icml = "@String{ICML = conf # \"International Conference on Machine Learning\"}";
        const string pmlr = "@string{pmlr = \"PMLR\"}";
        const string entry = "@inproceedings{langley00,\n  title = {Crafting Papers on Machine Learning},\n  booktitle = ICML,\n  publisher = PMLR,\n  month = jun,\n  year = 2000}";
        const string refs = "@string{PMLR = \"Proceedings of Machine Learning Research\"}\n@article{hart2024search, author={Hart, Ann}, title={Code search agents}, year={2024}}\n";
        var bibliography = new WorkspaceBibliography();
        bibliography.Update(named, refs);
        bibliography.Update(template, conf + "\n" + icml + "\n@string{unused = \"x\"}\n" + pmlr + "\n\n" + entry + "\n\n@misc{plain, title={Plain}}\n");
        var document = Doc("As in~\\cite{langley00}.\n\\bibliography{refs}\n");

        var plan = new CitationEditPolicy(TestCorpus.Catalog(), bibliography).CopyEntry(document, bibliography.Find("langley00")!);
        var after = Apply(refs, plan, named);
        Assert.Equal(refs + "\n" + conf + "\n\n" + icml + "\n\n" + entry + "\n", after);
        var parsed = PaperLsp.Ingestion.Bibtex.BibtexParser.Parse(after, named);
        Assert.Empty(parsed.Problems);
        Assert.Equal("Proceedings of the International Conference on Machine Learning", parsed.Find("langley00")!.Fields["booktitle"]);
        Assert.Equal("Proceedings of Machine Learning Research", parsed.Find("langley00")!.Fields["publisher"]); // refs.bib's own PMLR

        var plain = new CitationEditPolicy(TestCorpus.Catalog(), bibliography).CopyEntry(document, bibliography.Find("plain")!);
        Assert.Equal(refs + "\n@misc{plain, title={Plain}}\n", Apply(refs, plain, named));
    }

    internal static string Apply(string text, CitationPlan plan, string path)
    {
        Assert.Null(plan.Problem);
        var edits = plan.Edits.Where(e => e.Path == path).SelectMany(e => e.Edits).ToList();
        return TextEdit.Apply(text, edits);
    }

    private static EditedDocument Doc(string text) => new(Tex, text, DocumentLanguage.Latex);

    private static WorkspaceBibliography Without(WorkspaceBibliography bibliography, string path)
    {
        var copy = new WorkspaceBibliography();
        foreach (var p in bibliography.Paths.Where(p => p != path))
        {
            copy.Update(p, bibliography.GetText(p)!);
        }

        return copy;
    }
}
