using PaperLsp.Retrieval;

namespace PaperLsp.Retrieval.Tests;

/// <summary>The catalog's title lookup (other records of a paper, for BibTeX entries): BM25 of the title, no model run.</summary>
public sealed class TitleMatchesTests(SampleIndexFixture index) : IClassFixture<SampleIndexFixture>
{
    [Fact]
    public void Title_matches_are_the_bm25_ranking_of_the_title_and_run_no_query_embedding()
    {
        var id = index.Store.SearchLexical("language models", 1)[0].Id;
        var title = index.Store.GetMany([id])[0].Paper.Title;
        var model = new HashingEmbeddingModel();
        using var catalog = new HybridPaperCatalog(index.Store, model).WithVectorsLoaded();
        Assert.True(catalog.HasVectors); // a hybrid search would embed the title
        var embeddedBefore = model.Embedded;

        var matches = catalog.TitleMatches(title, 20);

        Assert.Equal(index.Store.SearchLexical(title, 20).Select(h => h.Id), matches.Select(p => p.Id));
        Assert.Contains(matches, p => p.Id == id);
        Assert.Equal(embeddedBefore, model.Embedded);
        var again = catalog.TitleMatches(title, 20); // kept for the index's version: a second code action reads no postings
        Assert.Equal(matches.Count, again.Count);
        Assert.All(matches.Zip(again), pair => Assert.Same(pair.First, pair.Second));
        Assert.Empty(catalog.TitleMatches("   ", 20));
    }
}
