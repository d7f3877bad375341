using System.Diagnostics;
using PaperLsp.Features.Catalog;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Benchmarks;

/// <summary>A catalog that times each <see cref="IPaperCatalog.Search"/> it forwards, by the name its caller gives the query, and the title and other-record lookups of the entries a code action builds.</summary>
internal sealed class TimedCatalog(IPaperCatalog inner, LatencyRecorder recorder, Func<PaperQuery, string> name) : IPaperCatalog
{
    public int Count => inner.Count;

    public string? ContentVersion => inner.ContentVersion;

    public StoredPaper? FindByKey(string keyOrArxivId) => inner.FindByKey(keyOrArxivId);

    public StoredPaper? FindSamePaper(Paper paper) => inner.FindSamePaper(paper);

    public IReadOnlyList<StoredPaper?> FindSamePapers(IReadOnlyList<Paper> papers) => inner.FindSamePapers(papers);

    public IReadOnlyDictionary<long, double> Similarities(string context, IReadOnlyCollection<long> paperIds, CancellationToken cancellationToken) =>
        inner.Similarities(context, paperIds, cancellationToken);

    public IReadOnlyList<StoredPaper> FindByKeyPrefix(string prefix, int limit) => inner.FindByKeyPrefix(prefix, limit);

    public IReadOnlyList<ScoredPaper> Search(PaperQuery query, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var hits = inner.Search(query, cancellationToken);
        recorder.Add(name(query), clock.Elapsed.TotalMilliseconds, hits.Count);
        return hits;
    }

    public IReadOnlyList<StoredPaper> TitleMatches(string title, int limit)
    {
        var clock = Stopwatch.StartNew();
        var hits = inner.TitleMatches(title, limit);
        recorder.Add("  title matches", clock.Elapsed.TotalMilliseconds, hits.Count);
        return hits;
    }

    public IReadOnlyList<StoredPaper> OtherRecordsOf(StoredPaper stored)
    {
        var clock = Stopwatch.StartNew();
        var hits = inner.OtherRecordsOf(stored);
        recorder.Add("  code action: other records (entry fields)", clock.Elapsed.TotalMilliseconds, hits.Count);
        return hits;
    }

    public IReadOnlyList<ScoredPaper> Related(StoredPaper paper, int limit, CancellationToken cancellationToken) => inner.Related(paper, limit, cancellationToken);
}
