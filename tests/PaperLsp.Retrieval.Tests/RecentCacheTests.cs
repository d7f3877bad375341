using PaperLsp.Features.Catalog;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Retrieval.Tests;

/// <summary>The catalog's bounded, two-generation caches (its parsed paper records, its rankings).</summary>
public sealed class RecentCacheTests(SampleIndexFixture index) : IClassFixture<SampleIndexFixture>
{
    private static StoredPaper Paper(long id) => new(id, "key" + id, new Paper { Title = "Title " + id, Source = new PaperSource("test.jsonl", SourceFormat.PapersJsonl, 1) });

    [Fact]
    public void It_never_keeps_more_records_than_its_capacity()
    {
        var recent = new RecentCache<long, StoredPaper>(100);
        for (var id = 0L; id < 1000; id++)
        {
            recent.Set(id, Paper(id));
            Assert.True(recent.Count <= 100, $"{recent.Count} records kept after {id + 1} added");
        }

        Assert.True(recent.TryGetValue(999, out _));
        Assert.False(recent.TryGetValue(0, out _));
    }

    [Fact]
    public void A_record_used_again_and_again_stays_while_many_others_pass_through()
    {
        var recent = new RecentCache<long, StoredPaper>(100);
        var kept = Paper(-1);
        recent.Set(-1, kept);
        for (var id = 0L; id < 1000; id++)
        {
            recent.Set(id, Paper(id));
            if (id % 20 == 0)
            {
                Assert.True(recent.TryGetValue(-1, out var found), $"dropped after {id + 1} others");
                Assert.Same(kept, found);
            }
        }
    }

    [Fact]
    public void A_record_no_answer_used_for_a_capacity_of_others_is_dropped()
    {
        var recent = new RecentCache<long, StoredPaper>(100);
        recent.Set(-1, Paper(-1));
        for (var id = 0L; id < 100; id++)
        {
            recent.Set(id, Paper(id));
        }

        Assert.False(recent.TryGetValue(-1, out _));
    }

    [Fact]
    public void The_catalog_answers_a_repeated_search_with_the_same_records_and_keeps_at_most_its_bound()
    {
        using var catalog = new HybridPaperCatalog(index.Store, index.Model);
        var query = new PaperQuery("stochastic gradient methods with heavy tailed noise", Limit: 200);
        var first = catalog.Search(query, CancellationToken.None);
        var again = catalog.Search(query, CancellationToken.None);
        Assert.NotEmpty(first);
        Assert.Equal(first.Select(h => (h.Paper.Id, h.Score)), again.Select(h => (h.Paper.Id, h.Score)));
        Assert.All(first.Zip(again), pair => Assert.Same(pair.First.Paper, pair.Second.Paper));
        Assert.InRange(catalog.RecentPaperCount, first.Count, HybridPaperCatalog.MaxRecentPapers);
    }
}
