namespace PaperLsp.Retrieval;

/// <summary>
/// Whether <see cref="HybridPaperCatalog"/> answers lexical queries from FTS5 or from a copy of its postings: the
/// memory-mapped postings file beside the index (written once per index content), or the previous design's in-memory copy.
/// </summary>
public enum LexicalIndexing
{
    /// <summary>Always query SQLite's FTS5 index (one-shot commands: nothing to amortise the build over).</summary>
    None,

    /// <summary>
    /// On indexes of <see cref="HybridPaperCatalog.InMemoryLexicalFrom"/> papers or more, map the postings file when it
    /// matches the index, else write it on a background thread and use it once ready (FTS5 until then, and again
    /// whenever the index changed since it was written).
    /// </summary>
    Background,

    /// <summary>Map (or first write) the postings file in the constructor, whatever the size (evaluation, benchmarks, tests).</summary>
    Immediate,

    /// <summary>The previous design, kept for comparison: build an in-memory copy of the postings in the constructor.</summary>
    InMemory,
}
