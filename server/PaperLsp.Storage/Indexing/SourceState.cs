namespace PaperLsp.Storage.Indexing;

/// <summary>
/// What the index knows of a source file: identity (size, mtime, content hash) and whether its last run finished;
/// when it did not, <see cref="RecordsDone"/> records of that content are committed, the last of them on line
/// <see cref="ResumeLine"/> with <see cref="ProblemsDone"/> problems met up to there, and a new run resumes after them.
/// </summary>
internal sealed record SourceState(long Id, long Size, long MTime, string Hash, bool Complete, long RecordsDone, int ResumeLine, int ProblemsDone);
