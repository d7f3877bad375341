namespace PaperLsp.Features.Retrieval;

/// <summary>Whether <see cref="HybridPaperCatalog"/> answers lexical queries from an in-memory copy of the FTS5 postings.</summary>
public enum LexicalIndexing
{
    /// <summary>Always query SQLite's FTS5 index (one-shot commands: nothing to amortise the build over).</summary>
    None,

    /// <summary>
    /// On indexes of <see cref="HybridPaperCatalog.InMemoryLexicalFrom"/> papers or more, build the in-memory index on a
    /// background thread and use it once ready (FTS5 until then, and again whenever the index changed since the build).
    /// </summary>
    Background,

    /// <summary>Build the in-memory index in the constructor, whatever the size (evaluation, benchmarks, tests).</summary>
    Immediate,
}
