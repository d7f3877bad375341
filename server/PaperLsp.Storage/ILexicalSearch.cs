namespace PaperLsp.Storage;

/// <summary>
/// BM25 over a snapshot of the index's full-text postings, ranked exactly like <see cref="PaperStore.SearchLexical"/>
/// (FTS5's <c>bm25()</c> with the title/keys/abstract/authors column weights). Thread-safe for concurrent readers.
/// </summary>
public interface ILexicalSearch : IDisposable
{
    /// <summary>Papers in the snapshot.</summary>
    int Count { get; }

    /// <summary>Best first; scores are FTS5's bm25 negated (higher is better).</summary>
    IReadOnlyList<(long Id, double Score)> Search(string text, int limit);

    /// <summary>True while the index's full-text content is still what the snapshot was made from.</summary>
    bool IsCurrent(PaperStore store);
}
