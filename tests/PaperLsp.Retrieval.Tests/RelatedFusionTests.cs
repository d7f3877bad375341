using PaperLsp.Retrieval;

namespace PaperLsp.Retrieval.Tests;

public sealed class RelatedFusionTests
{
    [Fact]
    public void Papers_found_by_both_the_model_and_BM25_come_first_then_the_best_ranked_of_either()
    {
        var fused = HybridPaperCatalog.FuseRelated(neighbours: [1, 2, 3], lexical: [3, 4, 1], limit: 10);
        Assert.Equal([1L, 3L, 2L, 4L], fused.Select(f => f.Id));
        Assert.True(fused[0].Score > fused[2].Score);
    }

    [Fact]
    public void The_fused_list_is_cut_at_the_limit_and_works_with_one_side_empty()
    {
        Assert.Equal([7L, 8L], HybridPaperCatalog.FuseRelated([], [7, 8, 9], limit: 2).Select(f => f.Id));
        Assert.Empty(HybridPaperCatalog.FuseRelated([], [], limit: 5));
    }
}
