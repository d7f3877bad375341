using PaperLsp.Ingestion.Model;

namespace PaperLsp.Storage;

/// <summary>A source file the index has read: identity (path, size, mtime, content hash), what it gave and whether reading it finished.</summary>
public sealed record StoredSource(
    string Path,
    SourceFormat Format,
    long Size,
    DateTimeOffset LastWriteTime,
    string ContentHash,
    DateTimeOffset IndexedAt,
    int PaperCount,
    int ProblemCount)
{
    /// <summary>False while a run over this source was interrupted: <see cref="RecordsDone"/> of its records are in.</summary>
    public bool Complete { get; init; } = true;

    /// <summary>How many records of the source are committed.</summary>
    public long RecordsDone { get; init; }
}
