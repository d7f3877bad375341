using PaperLsp.Features.Catalog;
using PaperLsp.Retrieval;

namespace PaperLsp.Retrieval.Tests;

public sealed class ScoreFusionTests(SampleIndexFixture index) : IClassFixture<SampleIndexFixture>
{
    private const string Sentence = "last iterate convergence of stochastic gradient descent with heavy tailed noise";

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(1.0, 0.3)]
    [InlineData(0.0, 1.0)]
    [InlineData(1.0, 3.0)]
    public void Score_fusion_orders_the_candidates_by_bm25_over_the_best_plus_the_rescaled_similarity(double lexicalWeight, double meaningWeight)
    {
        var weights = RetrievalWeights.Default with { Lexical = lexicalWeight, ScoreFusion = meaningWeight, VectorRankingUpTo = 0 };
        using var catalog = new HybridPaperCatalog(index.Store, index.Model, weights);
        var hits = catalog.Search(new PaperQuery(Sentence, Limit: 10), CancellationToken.None);

        // the same formula from the parts: BM25 of the lexical candidates, the model's similarity to each of them
        var lexical = index.Store.SearchLexical(Sentence, weights.CandidatesPerRanking);
        var best = lexical.Max(h => h.Score);
        var similarity = catalog.Similarities(Sentence, lexical.Select(h => h.Id).ToList(), CancellationToken.None);
        var min = similarity.Values.Min();
        var span = similarity.Values.Max() - min;
        var expected = lexical
            .Select(h => (h.Id, Score: ((lexicalWeight * h.Score / best) + (meaningWeight * (similarity[h.Id] - min) / span)) / (weights.RrfK + 1)))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Id).Take(10).ToList();

        Assert.Equal(expected.Select(x => x.Id), hits.Select(h => h.Paper.Id));
        Assert.All(expected.Zip(hits), pair => Assert.Equal(pair.First.Score, pair.Second.Score, 9));
    }

    [Fact]
    public void Score_fusion_finds_the_paper_a_sentence_paraphrases_and_differs_from_rank_fusion()
    {
        using var scores = new HybridPaperCatalog(index.Store, index.Model, RetrievalWeights.Default with { ScoreFusion = 1 });
        using var ranks = new HybridPaperCatalog(index.Store, index.Model);
        var byScores = scores.Search(new PaperQuery(Sentence, Limit: 10), CancellationToken.None);
        var byRanks = ranks.Search(new PaperQuery(Sentence, Limit: 10), CancellationToken.None);
        Assert.Equal("Revisiting the Last-Iterate Convergence of Stochastic Gradient Methods", byScores[0].Paper.Paper.Title);
        Assert.NotEqual(byRanks.Select(h => h.Score), byScores.Select(h => h.Score));
    }
}
