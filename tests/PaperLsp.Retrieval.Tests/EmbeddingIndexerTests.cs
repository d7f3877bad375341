using PaperLsp.Embeddings.Models;
using PaperLsp.Embeddings;
using PaperLsp.Retrieval;
using PaperLsp.Storage;
using PaperLsp.TestSupport;

namespace PaperLsp.Retrieval.Tests;

/// <summary>The order, resumption and per-model bookkeeping of background embedding, on the 217 seed papers.</summary>
public sealed class EmbeddingIndexerTests : IDisposable
{
    private readonly TempFolder temp = new("paperlsp-embedding-indexer");
    private readonly PaperStore store;

    public EmbeddingIndexerTests()
    {
        store = PaperStore.Open(Path.Combine(temp.Path, "index.db"));
        new PaperIndexer(store).Index([Path.Combine(SharedData.RepoRoot, "samples", "corpus")]);
    }

    [Fact]
    public void Another_model_embeds_everything_again_and_the_catalog_uses_its_own_vectors()
    {
        var first = new RecordingModel("first-model");
        Assert.Equal(store.Count(), new EmbeddingIndexer(store, first).Run());
        var second = new RecordingModel("second-model");
        Assert.Equal(store.Count(), new EmbeddingIndexer(store, second).Run());
        Assert.Equal(0, new EmbeddingIndexer(store, second).Run());

        var models = store.Info().Models;
        Assert.Equal(store.Count(), models.Single(m => m.ModelId == first.Info.Id).VectorCount);
        Assert.Equal(store.Count(), models.Single(m => m.ModelId == second.Info.Id).VectorCount);
        using var catalog = new HybridPaperCatalog(store, second);
        Assert.Equal(store.Count(), catalog.VectorCount);
    }

    [Fact]
    public void Priority_papers_come_first_and_the_rest_follow_in_the_store_order()
    {
        var model = new RecordingModel("order");
        var pending = store.PendingEmbeddings(model.Info.Id).ToList();
        var oldest = pending.MinBy(p => store.GetById(p.Id)?.Paper.Year ?? int.MaxValue);
        var latest = pending.MaxBy(p => store.GetById(p.Id)?.Paper.Year ?? int.MinValue);
        var indexer = new EmbeddingIndexer(store, model) { BatchSize = 10, PriorityIds = new HashSet<long> { oldest.Id, latest.Id } };
        indexer.Run();

        var priority = pending.Where(p => p.Id == oldest.Id || p.Id == latest.Id).Select(p => EmbeddingIndexer.Truncate(p.Text, indexer.MaxChars));
        var rest = pending.Where(p => p.Id != oldest.Id && p.Id != latest.Id).Select(p => EmbeddingIndexer.Truncate(p.Text, indexer.MaxChars));
        Assert.Equal(priority.Concat(rest), model.Texts);
    }

    [Fact]
    public void A_limited_run_embeds_the_priority_papers_first_and_stops_at_its_limit()
    {
        var model = new RecordingModel("limited");
        var pending = store.PendingEmbeddings(model.Info.Id).ToList();
        var chosen = store.GetById(pending[^1].Id)!.Paper;
        var priority = EmbeddingIndexer.PriorityFor(store, [chosen with { Authors = [] }]);
        Assert.Equal([pending[^1].Id], priority);

        Assert.Equal(3, new EmbeddingIndexer(store, model) { BatchSize = 2, PriorityIds = priority, Limit = 3 }.Run());

        var expected = new[] { pending[^1], pending[0], pending[1] }.Select(p => EmbeddingIndexer.Truncate(p.Text, 2000));
        Assert.Equal(expected, model.Texts);
        Assert.Equal(pending.Count - 3, store.PendingEmbeddings(model.Info.Id).Count());
    }

    [Fact]
    public void Papers_of_small_sources_come_before_bulk_dumps_and_recent_years_first()
    {
        var folder = Path.Combine(temp.Path, "corpus");
        Directory.CreateDirectory(folder);
        static string Record(string id, string title, int year) =>
            $"{{\"arxiv_id\": \"{id}\", \"title\": \"{title}\", \"abstract\": \"About {title}.\", \"authors\": [\"A. Writer\"], \"date\": \"{year}-05-01\", \"source\": \"test\"}}";
        File.WriteAllLines(Path.Combine(folder, "bulk.jsonl"),
        [
            Record("2001.00001", "Old bulk paper on graphs", 2020),
            Record("2401.00002", "Recent bulk paper on graphs", 2024),
            Record("2201.00003", "Middle bulk paper on graphs", 2022),
        ]);
        File.WriteAllLines(Path.Combine(folder, "mine.jsonl"), [Record("1901.00004", "My own old favourite paper", 2019)]);
        using var store = PaperStore.Open(Path.Combine(temp.Path, "order.db"));
        new PaperIndexer(store).Index([folder]);
        var titles = store.PendingEmbeddings("any-model").Select(p => p.Text[..p.Text.IndexOf('.', StringComparison.Ordinal)]).ToList();
        Assert.Equal(["My own old favourite paper", "Recent bulk paper on graphs", "Middle bulk paper on graphs", "Old bulk paper on graphs"], titles);
    }

    [Fact]
    public void Identity_keys_find_the_index_papers()
    {
        var paper = store.AllPapers().First();
        var ids = store.IdsWithIdentities(["title:" + PaperLsp.Ingestion.Identity.PaperIdentity.TitleKey(paper.Paper.Title), "arxiv:0000.00000", "title:nosuchpapertitleatall"]);
        Assert.Equal([paper.Id], ids);
    }

    [Fact]
    public void A_cancelled_run_keeps_the_batches_it_committed_and_the_next_run_embeds_only_the_rest()
    {
        using var cancel = new CancellationTokenSource();
        var model = new RecordingModel("resume");
        Assert.ThrowsAny<OperationCanceledException>(() => new EmbeddingIndexer(store, model) { BatchSize = 50 }.Run(
            (done, _) =>
            {
                if (done >= 100)
                {
                    cancel.Cancel();
                }
            },
            cancel.Token));
        Assert.Equal(100, model.Texts.Count);
        Assert.Equal(store.Count() - 100, new EmbeddingIndexer(store, model) { BatchSize = 50 }.Run());
        Assert.Equal(store.Count(), model.Texts.Distinct().Count());
    }

    public void Dispose()
    {
        store.Dispose();
        temp.Dispose();
    }

    /// <summary>Records the document texts it is given, in order; vectors are constant.</summary>
    private sealed class RecordingModel(string name) : IEmbeddingModel
    {
        public ModelInfo Info { get; } = ModelInfo.From(name, 4, "00112233445566778899aabbccddeeff");

        public List<string> Texts { get; } = [];

        public float[][] Embed(IReadOnlyList<string> texts, EmbeddingRole role, CancellationToken cancellationToken = default)
        {
            Assert.Equal(EmbeddingRole.Document, role);
            Texts.AddRange(texts);
            return texts.Select(_ => new float[] { 1, 0, 0, 0 }).ToArray();
        }
    }
}
