namespace PaperLsp.Storage;

/// <summary>
/// Progress of an indexing run: the source being read (null between sources), how many sources are done of
/// the total, and how many records have been read so far in the whole run. <see cref="Committed"/> is set on the
/// event that follows a committed chunk: how many records of the current source are now in the index for good;
/// <see cref="Resumed"/> on the event that starts a source whose interrupted run is continued: how many of its
/// records an earlier run had committed.
/// </summary>
public sealed record IndexProgress(string? CurrentPath, int SourcesDone, int SourcesTotal, long RecordsRead)
{
    public long? Committed { get; init; }

    public long? Resumed { get; init; }
}
