namespace PaperLsp.Storage;

/// <summary>
/// Progress of an indexing run: the source being read (null between sources), how many sources are done of
/// the total, and how many records have been read so far in the whole run.
/// </summary>
public sealed record IndexProgress(string? CurrentPath, int SourcesDone, int SourcesTotal, long RecordsRead);
