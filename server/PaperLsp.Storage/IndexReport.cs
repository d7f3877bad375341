using PaperLsp.Ingestion.Model;

namespace PaperLsp.Storage;

/// <summary>What an indexing run did. <see cref="Problems"/> holds the first problems (path and line); <see cref="ProblemCount"/> counts all.</summary>
public sealed record IndexReport(
    int SourcesFound,
    int SourcesIndexed,
    int SourcesUnchanged,
    int SourcesRemoved,
    int SourcesFailed,
    long RecordsRead,
    int PapersAdded,
    int PapersUpdated,
    int PapersRemoved,
    int PaperCount,
    int ProblemCount,
    IReadOnlyList<ParseProblem> Problems,
    TimeSpan Elapsed)
{
    /// <summary>Papers re-keyed because the run's citation key pattern differed from the one the index remembered.</summary>
    public int KeysChanged { get; init; }

    /// <summary>
    /// How this run's full-text entries were made: <see cref="FullTextBuild.Triggers"/> row by row as papers were written,
    /// <see cref="FullTextBuild.Aside"/> on a second thread and put in place at the end, or <see cref="FullTextBuild.Rebuilt"/>
    /// from the papers table (after a run that was building aside was interrupted, or when papers changed beside it).
    /// </summary>
    public FullTextBuild FullText { get; init; }
}
