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
}
