using PaperLsp.Features.Catalog;
using PaperLsp.Features.Completion;
using PaperLsp.Retrieval;

namespace PaperLsp.Retrieval.Tests;

public sealed class NamesRankingTests(SampleIndexFixture index) : IClassFixture<SampleIndexFixture>
{
    [Fact]
    public void The_names_of_a_sentence_are_its_acronyms_and_camel_case_words_not_its_common_words()
    {
        var names = ContextNames.QueryOf("RL is central to aligning models with reasoning. Algorithms like GRPO and DAPO boost reasoning in OpenHands.").Split(' ');
        Assert.Contains("grpo", names);
        Assert.Contains("dapo", names);
        Assert.Contains("openhands", names);
        Assert.DoesNotContain("algorithms", names);
        Assert.DoesNotContain("reasoning", names);
        Assert.Equal("", ContextNames.QueryOf("nothing here is a name at all."));
    }

    [Fact]
    public void The_catalog_answers_who_mentions_a_name_as_the_store_does_and_again_from_its_cache()
    {
        using var catalog = new HybridPaperCatalog(index.Store, index.Model);
        foreach (var name in new[] { "transformer", "reinforcement learning", "SWE-bench", "qwxzzq" })
        {
            var expected = index.Store.EarliestMentioning(name, 5, 5000);
            Assert.Equal(expected, catalog.EarliestMentioning(name, 5).Select(p => p.Id));
            Assert.Equal(expected, catalog.EarliestMentioning(name, 5).Select(p => p.Id));
        }

        Assert.NotEmpty(catalog.EarliestMentioning("transformer", 5));
        var years = catalog.EarliestMentioning("transformer", 50).Select(p => p.Paper.Year ?? int.MaxValue).ToList();
        Assert.Equal(years.Order(), years);
    }

    [Fact]
    public void The_names_ranking_alone_is_bm25_of_the_names_cut_at_its_depth()
    {
        // A sentence whose names are words of the sample titles: ranking by the names alone must be BM25 of them.
        var title = index.Store.SearchLexical("language models", 1)[0].Id;
        var paper = index.Store.GetMany([title])[0].Paper;
        var name = paper.Title.Split(' ', StringSplitOptions.RemoveEmptyEntries).First(w => w.Length >= 4 && w.All(char.IsLetter));
        var camel = char.ToUpperInvariant(name[0]) + name[1..].ToLowerInvariant();
        var sentence = $"We compare our approach with {camel} on the same tasks";
        var weights = RetrievalWeights.Default with { Lexical = 0, Vector = 0, VectorRerank = 0, Names = 1, NamesDepth = 5 };
        using var catalog = new HybridPaperCatalog(index.Store, null, weights);
        var hits = catalog.Search(new PaperQuery(sentence, Limit: 20), CancellationToken.None);

        var expected = index.Store.SearchLexical(ContextNames.QueryOf(sentence), 5).Select(h => h.Id).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, hits.Select(h => h.Paper.Id));
    }

    [Fact]
    public void A_names_weight_changes_the_ranking_and_zero_turns_it_off()
    {
        const string sentence = "Methods such as Transformer models and BERT change how language is represented";
        using var off = new HybridPaperCatalog(index.Store, index.Model, RetrievalWeights.Default with { Names = 0 });
        using var offAgain = new HybridPaperCatalog(index.Store, index.Model, RetrievalWeights.Default with { Names = 0, NamesDepth = 3 });
        using var named = new HybridPaperCatalog(index.Store, index.Model, RetrievalWeights.Default with { Names = 1 });
        var before = off.Search(new PaperQuery(sentence, Limit: 10), CancellationToken.None).Select(h => (h.Paper.Id, h.Score)).ToList();
        Assert.Equal(before, offAgain.Search(new PaperQuery(sentence, Limit: 10), CancellationToken.None).Select(h => (h.Paper.Id, h.Score)));
        Assert.NotEqual(before, named.Search(new PaperQuery(sentence, Limit: 10), CancellationToken.None).Select(h => (h.Paper.Id, h.Score)));
    }
}
