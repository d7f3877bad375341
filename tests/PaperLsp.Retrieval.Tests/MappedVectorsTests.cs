using PaperLsp.Storage;
using PaperLsp.TestSupport;

namespace PaperLsp.Retrieval.Tests;

/// <summary>
/// The int8 vectors of a large index are written once to a file beside the index and mapped at later starts; a file
/// written from other vectors than the index has now is never used.
/// </summary>
public sealed class MappedVectorsTests : IDisposable
{
    private readonly TempFolder temp = new("paperlsp-mapped-vectors");
    private readonly PaperStore store;
    private readonly HashingEmbeddingModel model = new();

    public MappedVectorsTests()
    {
        store = PaperStore.Open(Path.Combine(temp.Path, "index.db"));
        new PaperIndexer(store).Index([Path.Combine(SharedData.RepoRoot, "samples", "corpus")]);
        new EmbeddingIndexer(store, model) { BatchSize = 50 }.Run();
    }

    [Fact]
    public void The_first_snapshot_writes_the_file_and_later_ones_map_it_with_the_same_scores()
    {
        var path = VectorSnapshot.FilePath(store.Path, model.Info.Id);
        Assert.False(File.Exists(path));
        var ids = store.AllIds().Take(30).ToList();
        const string context = "stochastic gradient methods with heavy tailed noise";

        using var first = new HybridPaperCatalog(store, model, quantized: true).WithVectorsLoaded();
        Assert.True(File.Exists(path));
        Assert.True(first.VectorsMapped);
        var firstScores = first.Similarities(context, ids, CancellationToken.None);

        using var second = new HybridPaperCatalog(store, model, quantized: true).WithVectorsLoaded();
        Assert.True(second.VectorsMapped);
        Assert.Equal(store.Count(), second.VectorCount);
        var secondScores = second.Similarities(context, ids, CancellationToken.None);
        Assert.Equal(ids.Count, secondScores.Count);
        Assert.All(ids, id => Assert.Equal(firstScores[id], secondScores[id]));

        // The same scores as the in-memory int8 vectors read from the index (no file involved).
        using var exact = new HybridPaperCatalog(store, model, quantized: false);
        var exactScores = exact.Similarities(context, ids, CancellationToken.None);
        Assert.All(ids, id => Assert.True(Math.Abs(exactScores[id] - secondScores[id]) < 0.01, $"{id}: {exactScores[id]} vs {secondScores[id]}"));
    }

    [Fact]
    public void A_replaced_vector_makes_the_next_snapshot_read_the_index_again()
    {
        using (var first = new HybridPaperCatalog(store, model, quantized: true).WithVectorsLoaded())
        {
            Assert.True(first.VectorsMapped);
        }

        // The newest vector row is replaced by the opposite of another paper's vector (as when its text changed).
        var ids = store.AllIds();
        var (target, donor) = (ids[^1], ids[0]);
        var (vectorIds, matrix, dim) = store.LoadVectors(model.Info.Id);
        var opposite = matrix.AsSpan(Array.IndexOf(vectorIds, donor) * dim, dim).ToArray().Select(x => -x).ToArray();
        Assert.Equal(1, store.PutVectors(model.Info.Id, [(target, "changed", opposite)]));

        using var next = new HybridPaperCatalog(store, model, quantized: true).WithVectorsLoaded();
        Assert.True(next.VectorsMapped);
        var donorPaper = store.GetById(donor)!;
        var text = donorPaper.Paper.Title;
        var scores = next.Similarities(text, [donor, target], CancellationToken.None);
        Assert.True(scores[donor] > 0.1, $"a paper's title is near its vector: {scores[donor]}");
        Assert.True(Math.Abs(scores[donor] + scores[target]) < 0.02, $"the target's vector is the donor's opposite: {scores[donor]} vs {scores[target]}");
    }

    [Fact]
    public void A_removed_vector_is_not_found_in_the_next_snapshot()
    {
        using (var first = new HybridPaperCatalog(store, model, quantized: true).WithVectorsLoaded())
        {
            Assert.Equal(store.Count(), first.VectorCount);
        }

        store.UpsertModel(model.Info.Id, model.Info.Name, model.Info.Dimension, "other weights"); // drops every vector of the model
        var count = store.VectorCount(model.Info.Id);
        Assert.Equal(0, count);
        using var next = new HybridPaperCatalog(store, model, quantized: true).WithVectorsLoaded();
        Assert.False(next.HasVectors);
    }

    public void Dispose()
    {
        store.Dispose();
        temp.Dispose();
    }
}
