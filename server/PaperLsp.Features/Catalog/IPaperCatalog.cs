using PaperLsp.Storage;

namespace PaperLsp.Features.Catalog;

/// <summary>
/// What editor features need from the paper index. Plain data in, plain data out; implemented over the
/// SQLite store and the vector index (hybrid retrieval), and by in-memory fakes in tests.
/// Implementations are safe to call concurrently from read-only requests.
/// </summary>
public interface IPaperCatalog
{
    /// <summary>Number of papers in the catalog.</summary>
    int Count { get; }

    /// <summary>A paper by citation key, or by arXiv id (with or without version); null when unknown.</summary>
    StoredPaper? FindByKey(string keyOrArxivId);

    /// <summary>Papers whose citation key starts with the prefix (case-insensitive), best first.</summary>
    IReadOnlyList<StoredPaper> FindByKeyPrefix(string prefix, int limit);

    /// <summary>Hybrid search: lexical + meaning of the query text, with boosts; best first.</summary>
    IReadOnlyList<ScoredPaper> Search(PaperQuery query, CancellationToken cancellationToken);

    /// <summary>Papers most related to the given one (by meaning), excluding itself; best first.</summary>
    IReadOnlyList<ScoredPaper> Related(StoredPaper paper, int limit, CancellationToken cancellationToken);
}
