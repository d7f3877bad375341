using PaperLsp.Features.Catalog;
using PaperLsp.Storage;
using PaperLsp.TestSupport;

namespace PaperLsp.Retrieval.Tests;

/// <summary>
/// The index's other records of a paper (what an entry for a record without authors completes itself from): the papers
/// holding one of its identity keys, found by key lookups, not by a word search of its title.
/// </summary>
public sealed class OtherRecordsOfTests
{
    [Fact]
    public void Other_records_are_the_holders_of_the_papers_identity_keys_and_not_its_title_word_matches()
    {
        using var temp = new TempFolder("paperlsp-other-records");
        var corpus = Path.Combine(temp.Path, "corpus.jsonl");
        File.WriteAllLines(corpus,
        [
            """{"arxiv_id": "2401.00001", "title": "Quokka photosynthesis at scale", "abstract": "We study quokka photosynthesis.", "authors": ["A. Writer"], "date": "2024-01-01", "source": "test"}""",
            """{"arxiv_id": "2402.00002", "title": "Quokka Photosynthesis at Scale", "abstract": "Another paper with the same title.", "authors": [], "date": "2024-02-01", "source": "test"}""",
            """{"arxiv_id": "2404.00004", "title": "Photosynthesis at scale: quokka", "abstract": "The same words in another order.", "authors": ["C. Writer"], "date": "2024-04-01", "source": "test"}""",
            """{"title": "Wombat burrows under pressure", "abstract": "A listing without authors.", "authors": [], "source": "test"}""",
            """{"arxiv_id": "2403.00003", "title": "Wombat Burrows under Pressure", "abstract": "Wombats dig.", "authors": ["B. Writer"], "date": "2024-03-01", "source": "test"}""",
        ]);
        var indexPath = Path.Combine(temp.Path, "index.db");
        using (var writer = PaperStore.Open(indexPath))
        {
            var report = new PaperIndexer(writer).Index([corpus]);
            Assert.Equal(5, report.RecordsRead);
            Assert.Equal(0, report.ProblemCount);
        }

        using var store = PaperStore.Open(indexPath);
        using var catalog = new HybridPaperCatalog(store, null, lexical: LexicalIndexing.None);
        Assert.Equal(4, catalog.Count); // the title-only wombat listing was merged into the arXiv record of its title
        var holder = catalog.FindByKey("2401.00001")!;
        var sameTitle = catalog.FindByKey("2402.00002")!;
        var wombat = catalog.FindByKey("2403.00003")!;
        Assert.Equal(["B. Writer"], wombat.Paper.Authors);

        // the paper with another arXiv id under the same title is not merged: the first one holds the title's key
        IPaperCatalog asTheFeaturesSeeIt = catalog;
        Assert.Equal([holder.Id], asTheFeaturesSeeIt.OtherRecordsOf(sameTitle).Select(p => p.Id));
        Assert.Empty(asTheFeaturesSeeIt.OtherRecordsOf(holder)); // it holds every key of its own
        Assert.Empty(asTheFeaturesSeeIt.OtherRecordsOf(wombat));

        // a word search of the title would offer the reordered title too (and, through the default, every title match)
        Assert.Contains(catalog.TitleMatches(sameTitle.Paper.Title, 20), p => p.Paper.ArxivId == "2404.00004");
        Assert.Contains(((IPaperCatalog)new WordsOnly(catalog)).OtherRecordsOf(sameTitle), p => p.Paper.ArxivId == "2404.00004");
    }

    /// <summary>The catalog without its own <see cref="IPaperCatalog.OtherRecordsOf"/>: the interface's default.</summary>
    private sealed class WordsOnly(IPaperCatalog inner) : ForwardingPaperCatalog(inner)
    {
    }
}
