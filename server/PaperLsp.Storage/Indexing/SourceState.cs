namespace PaperLsp.Storage.Indexing;

/// <summary>
/// What the index knows of a source file: identity (size, mtime, content hash) and whether its last run finished;
/// when it did not, <see cref="RecordsDone"/> records of that content are committed and a new run resumes after them.
/// </summary>
internal sealed record SourceState(long Id, long Size, long MTime, string Hash, bool Complete, long RecordsDone);
