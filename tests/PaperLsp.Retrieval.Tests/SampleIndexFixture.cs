using PaperLsp.Storage;
using PaperLsp.TestSupport;

namespace PaperLsp.Retrieval.Tests;

/// <summary>A temporary index of the repository's samples/corpus (217 seed papers), embedded with <see cref="HashingEmbeddingModel"/>.</summary>
public sealed class SampleIndexFixture : IDisposable
{
    private readonly TempFolder temp = new("paperlsp-retrieval");

    public SampleIndexFixture()
    {
        Store = PaperStore.Open(Path.Combine(temp.Path, "index.db"));
        new PaperIndexer(Store).Index([Path.Combine(SharedData.RepoRoot, "samples", "corpus")]);
        Model = new HashingEmbeddingModel();
        FirstEmbedCount = new PaperLsp.Retrieval.EmbeddingIndexer(Store, Model) { BatchSize = 50 }.Run();
    }

    public PaperStore Store { get; }

    internal HashingEmbeddingModel Model { get; }

    public int FirstEmbedCount { get; }

    public void Dispose()
    {
        Store.Dispose();
        temp.Dispose();
    }
}
