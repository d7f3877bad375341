using PaperLsp.Ingestion.Model;

namespace PaperLsp.Storage;

/// <summary>A source file the index has read: identity (path, size, mtime, content hash) and what it gave.</summary>
public sealed record StoredSource(
    string Path,
    SourceFormat Format,
    long Size,
    DateTimeOffset LastWriteTime,
    string ContentHash,
    DateTimeOffset IndexedAt,
    int PaperCount,
    int ProblemCount);
