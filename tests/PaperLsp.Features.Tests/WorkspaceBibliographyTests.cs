using CsCheck;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Tests.Support;

namespace PaperLsp.Features.Tests;

public sealed class WorkspaceBibliographyTests
{
    [Fact]
    public void IndexesEntriesWithExactLocations()
    {
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("refs.bib", TestCorpus.ReferencesBib);

        Assert.Equal(["vaswani2017attention", "lewis2020rag"], bibliography.Entries.Select(e => e.Key));
        var entry = bibliography.Find("lewis2020rag")!;
        var text = TestCorpus.ReferencesBib[entry.Start..entry.End];
        Assert.StartsWith("@article{lewis2020rag,", text, StringComparison.Ordinal);
        Assert.EndsWith("}", text, StringComparison.Ordinal);
        Assert.Equal(10, entry.Line);
        Assert.Equal("article", entry.EntryType);
        Assert.Equal("Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks", entry.Paper.Title);
        Assert.Equal(["Patrick Lewis", "Ethan Perez"], entry.Paper.Authors);
        Assert.Equal(2020, entry.Paper.Year);
        Assert.Equal("1706.03762", bibliography.Find("vaswani2017attention")!.Paper.ArxivId);
    }

    [Fact]
    public void Pending_entries_join_their_file_unless_the_key_is_defined()
    {
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("refs.bib", TestCorpus.ReferencesBib);
        Assert.Same(bibliography, bibliography.WithPending([]));

        var paper = new PaperLsp.Ingestion.Model.Paper { Title = "Tree of Thoughts", Year = 2023, Source = new PaperLsp.Ingestion.Model.PaperSource("index", PaperLsp.Ingestion.Model.SourceFormat.Bibtex, 1) };
        var defined = new PaperLsp.Ingestion.Model.Paper { Title = "Another paper under a defined key", Source = new PaperLsp.Ingestion.Model.PaperSource("index", PaperLsp.Ingestion.Model.SourceFormat.Bibtex, 1) };
        // a key the .bib defines (in another letter case) is not added again: nothing is left, the bibliography itself
        Assert.Same(bibliography, bibliography.WithPending([("refs.bib", "Lewis2020RAG", defined)]));

        IReadOnlyList<(string, string, PaperLsp.Ingestion.Model.Paper)> pending = [("refs.bib", "yao2023tree", paper), ("refs.bib", "LEWIS2020rag", defined), ("new.bib", "new2024", paper)];
        var view = bibliography.WithPending(pending);
        Assert.Equal(["new2024", "yao2023tree"], view.Entries.Select(e => e.Key).Where(k => !bibliography.ContainsKey(k)));
        Assert.Equal(["vaswani2017attention", "lewis2020rag", "yao2023tree"], view.EntriesIn("refs.bib").Select(e => e.Key));
        var entry = view.Find("yao2023tree")!;
        Assert.Equal(("refs.bib", TestCorpus.ReferencesBib.Length, TestCorpus.ReferencesBib.Length), (entry.Path, entry.Start, entry.End));
        Assert.Equal("Tree of Thoughts", entry.Paper.Title);
        Assert.Equal("yao2023tree", entry.Paper.BibKey);
        Assert.Equal("Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks", view.Find("lewis2020rag")!.Paper.Title); // the .bib's own entry
        Assert.Equal(["new.bib", "refs.bib"], view.Paths);
        Assert.False(bibliography.ContainsKey("yao2023tree")); // the bibliography itself is unchanged
        Assert.Same(view, bibliography.WithPending(pending)); // kept for the same state and pending keys

        bibliography.Update("refs.bib", TestCorpus.ReferencesBib + "\n");
        Assert.NotSame(view, bibliography.WithPending(pending)); // another state of the bibliography: built again
    }

    [Fact]
    public void UpdatesAndRemovesFilesIncrementally()
    {
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("b.bib", "@misc{beta, title={B}}");
        bibliography.Update("a.bib", "@misc{alpha, title={A}}\n@misc{beta, title={B from a}}");
        Assert.Equal(["a.bib", "b.bib"], bibliography.Paths);
        Assert.Equal("a.bib", bibliography.Find("beta")!.Path); // first path in ordinal order wins

        bibliography.Update("a.bib", "@misc{gamma, title={G}}");
        Assert.False(bibliography.ContainsKey("alpha"));
        Assert.Equal("b.bib", bibliography.Find("beta")!.Path);
        Assert.True(bibliography.ContainsKeyIgnoringCase("GAMMA"));
        Assert.False(bibliography.ContainsKey("GAMMA"));

        Assert.True(bibliography.Remove("b.bib"));
        Assert.False(bibliography.Remove("b.bib"));
        Assert.Equal(["gamma"], bibliography.Keys);
    }

    [Theory]
    [InlineData("@misc{ok, title={T}}\n@article{broken, title = {unclosed\n@misc{after, title={A}}", "ok,after")] // an unclosed entry is reported and skipped; reading resumes at the next entry
    [InlineData("@comment{ignored, x}\n@string{acl = {ACL}}\n@misc{k1, booktitle = acl # {2024}}", "k1")]
    [InlineData("@misc(paren, title = \"Quoted {Title}\")", "paren")]
    [InlineData("text outside entries @ and an email a@b.c\n@book{real,title={R}}", "real")]
    [InlineData("@misc{no comma}", "")]
    [InlineData("", "")]
    [InlineData("@", "")]
    [InlineData("@misc{", "")]
    public void ReadsRealWorldDirt(string bib, string expectedKeys)
    {
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("x.bib", bib);
        Assert.Equal(expectedKeys, string.Join(',', bibliography.Entries.Select(e => e.Key)));
    }

    [Fact]
    public void ConcatenatedAndQuotedValuesAreRead()
    {
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("x.bib", "@misc(paren, title = \"Quoted {Title}\", note = {a} # \" b\", year = 2021)");
        var entry = bibliography.Find("paren")!;
        Assert.Equal("Quoted {Title}", entry.Fields["TITLE"]);
        Assert.Equal("a b", entry.Fields["note"]);
        Assert.Equal(2021, entry.Paper.Year);
        Assert.Equal("Quoted Title", entry.Paper.Title);
    }

    [SkippableFact]
    public void ReadsTheRealBibtexFixtures()
    {
        var folder = PaperLsp.TestSupport.SharedData.RequireOrSkip("fixtures/bibtex");
        var files = Directory.GetFiles(folder, "*.bib", SearchOption.AllDirectories);
        Skip.If(files.Length == 0, "no .bib files in shared/fixtures/bibtex");
        var bibliography = new WorkspaceBibliography();
        var total = 0;
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            bibliography.Update(file, text);
            var entries = bibliography.EntriesIn(file);
            total += entries.Count;
            Assert.All(entries, e => Assert.Equal('@', text[e.Start]));
            Assert.All(entries, e => Assert.False(string.IsNullOrWhiteSpace(e.Paper.Title)));
        }

        Assert.True(total > 1000, $"expected the 1,629 fixture entries, read {total}");
    }

    [Fact]
    public void NeverThrowsOnArbitraryText() =>
        Gen.String[Gen.Char["@{}(),=\"#%\\ \nabc"], 0, 200].Sample(text =>
        {
            var bibliography = new WorkspaceBibliography();
            bibliography.Update("f.bib", text);
            foreach (var entry in bibliography.Entries)
            {
                Assert.InRange(entry.Start, 0, text.Length);
                Assert.InRange(entry.End, entry.Start, text.Length);
            }
        }, iter: 2000);
}
