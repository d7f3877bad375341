using CsCheck;
using PaperLsp.Features.Editing;
using PaperLsp.Features.Actions;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Catalog;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Tests;

public sealed class EditPreservationPropertyTests
{
    private static readonly string[] DocumentTokens =
    [
        "word", "attention", " ", "  ", "\r\n", "\n", "\n\n", ".", "?", "!", ",", "é", "😀", "漢字", "\\cite{a}", "\\citep[p.~1]{b, c}",
        "\\cites{a}{b}", "[@k]", "[see @a; @b]", "@m", "#cite(<t>)", "$x$", "%c", "{", "}", "~", "\\emph{z}", "''", ")",
        "\\bibliography{refs}", "`code`", "\\", "[", "]", "@", "\t",
    ];

    private static readonly string[] BibTokens = ["@misc{a, title={T}}", "@article{b,\r\n title={B}}", "\r\n", "\n", " ", "x", "é", "%", "}"];

    [Fact]
    public void CodeActionEditsOnlyInsertAndPreserveEverythingElse()
    {
        var documents = Gen.OneOf(DocumentTokens).Array[0, 40].Select(t => string.Concat(t));
        var bibs = Gen.OneOf(BibTokens).Array[0, 12].Select(t => string.Concat(t));
        var languages = Gen.OneOf(DocumentLanguage.Latex, DocumentLanguage.Markdown, DocumentLanguage.Typst);
        var checkedEdits = 0;
        Gen.Select(documents, bibs, languages, Gen.Double[0, 1], Gen.Double[0, 1], Gen.Bool).Sample((document, bib, language, a, b, useBib) =>
        {
            var bibliography = new WorkspaceBibliography();
            var bibPath = Path.Combine("ws", "refs.bib");
            if (useBib)
            {
                bibliography.Update(bibPath, bib);
            }

            var start = (int)(Math.Min(a, b) * document.Length);
            var end = (int)(Math.Max(a, b) * document.Length);
            var set = new RelatedPaperActions(new EverythingCatalog(), bibliography).Compute(
                new CodeActionRequest(Path.Combine("ws", "main.tex"), document, language, start, end, "\\citep", Limit: 3));
            foreach (var action in set.CiteActions)
            {
                foreach (var fileEdit in action.Edits)
                {
                    var original = fileEdit.CreateFile ? "" : fileEdit.Path == bibPath ? bib : document;
                    AssertPureInsertionPreserves(original, fileEdit.Edits);
                    Interlocked.Increment(ref checkedEdits);
                }
            }
        }, iter: 1500);
        Assert.True(checkedEdits > 1000, $"only {checkedEdits} edits were generated");
    }

    [Fact]
    public void BibAppendPreservesTheExistingText()
    {
        var bibs = Gen.OneOf(BibTokens).Array[0, 20].Select(t => string.Concat(t));
        Gen.Select(bibs, Gen.OneOf("@misc{n}", "@misc{n,\n t={x}}\n", "@misc{n,\r\n t={x}}")).Sample((bib, entry) =>
        {
            var edit = CitationInsertion.AppendBibEntry(bib, entry);
            AssertPureInsertionPreserves(bib, [edit]);
            var result = TextEdit.Apply(bib, [edit]);
            Assert.EndsWith("\n", result, StringComparison.Ordinal);
            var check = new WorkspaceBibliography();
            check.Update("x.bib", result);
            Assert.True(check.ContainsKey("n") || bib.Count(c => c == '{') != bib.Count(c => c == '}'), "an appended entry is readable when the existing file is balanced");
        }, iter: 3000);
    }

    private static void AssertPureInsertionPreserves(string original, IReadOnlyList<TextEdit> edits)
    {
        Assert.All(edits, e => Assert.True(e.IsInsertion, $"edit [{e.Start},{e.End}) removes text"));
        Assert.All(edits, e => Assert.InRange(e.Start, 0, original.Length));
        Assert.All(edits, e => Assert.False(
            e.Start > 0 && e.Start < original.Length && char.IsHighSurrogate(original[e.Start - 1]) && char.IsLowSurrogate(original[e.Start]),
            "insertion splits a surrogate pair"));
        var result = TextEdit.Apply(original, edits);
        var point = edits.Min(e => e.Start);
        var inserted = string.Concat(edits.OrderBy(e => e.Start).Select(e => e.NewText));
        if (edits.Count == 1)
        {
            Assert.Equal(original[..point], result[..point]);
            Assert.Equal(original[point..], result[(point + inserted.Length)..]);
        }

        // the original is a subsequence of the result, in order
        var k = 0;
        foreach (var ch in result)
        {
            if (k < original.Length && original[k] == ch)
            {
                k++;
            }
        }

        Assert.Equal(original.Length, k);
        Assert.Equal(original.Length + inserted.Length, result.Length);
    }

    /// <summary>A catalog that returns every paper for any query (so every document gets actions).</summary>
    private sealed class EverythingCatalog : IPaperCatalog
    {
        private readonly IReadOnlyList<StoredPaper> papers = TestCorpus.Catalog().FindByKeyPrefix("", 100);

        public int Count => papers.Count;

        public StoredPaper? FindByKey(string keyOrArxivId) => papers.FirstOrDefault(p => p.CitationKey == keyOrArxivId);

        public StoredPaper? FindSamePaper(PaperLsp.Ingestion.Model.Paper paper) => null;

        public IReadOnlyDictionary<long, double> Similarities(string context, IReadOnlyCollection<long> paperIds, CancellationToken cancellationToken) => new Dictionary<long, double>();

        public IReadOnlyList<StoredPaper> FindByKeyPrefix(string prefix, int limit) => papers.Where(p => p.CitationKey.StartsWith(prefix, StringComparison.Ordinal)).Take(limit).ToList();

        public IReadOnlyList<ScoredPaper> Search(PaperQuery query, CancellationToken cancellationToken) => papers.Select((p, i) => new ScoredPaper(p, 1.0 / (i + 1))).Take(query.Limit).ToList();

        public IReadOnlyList<ScoredPaper> Related(StoredPaper paper, int limit, CancellationToken cancellationToken) => [];
    }
}
