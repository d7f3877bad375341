using PaperLsp.Retrieval;

namespace PaperLsp.Retrieval.Tests;

/// <summary>
/// The meaning of texts the index does not hold (a .bib entry's title): the catalog's model embeds each text once, and
/// its similarity to the context is the cosine a paper of the index with that text would get.
/// </summary>
public sealed class TextSimilaritiesTests(SampleIndexFixture index) : IClassFixture<SampleIndexFixture>
{
    [Fact]
    public void A_text_closer_to_the_context_scores_higher_and_each_text_is_embedded_once()
    {
        var model = new HashingEmbeddingModel();
        using var catalog = new HybridPaperCatalog(index.Store, model).WithVectorsLoaded();
        Assert.True(catalog.HasVectors);
        const string Context = "graph neural networks for molecule property prediction";
        string[] texts = ["Graph neural networks for molecule property prediction", "A survey of sorting algorithms on tapes", ""];

        var first = catalog.TextSimilarities(Context, texts, CancellationToken.None);
        var embeddedAfterFirst = model.Embedded;
        var second = catalog.TextSimilarities(Context, texts, CancellationToken.None);

        Assert.Equal(3, first.Count);
        Assert.NotNull(first[0]);
        Assert.NotNull(first[1]);
        Assert.Null(first[2]); // nothing to embed
        Assert.True(first[0] > first[1]);
        Assert.Equal(first, second);
        Assert.Equal(embeddedAfterFirst, model.Embedded); // the texts and the context were kept
    }

    [Fact]
    public void Without_a_model_every_text_has_no_similarity()
    {
        using var catalog = new HybridPaperCatalog(index.Store, model: null);

        Assert.All(catalog.TextSimilarities("graph neural networks", ["Graph neural networks"], CancellationToken.None), s => Assert.Null(s));
    }
}
