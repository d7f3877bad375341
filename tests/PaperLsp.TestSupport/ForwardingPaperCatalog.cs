using PaperLsp.Features.Catalog;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.TestSupport;

/// <summary>
/// A test catalog that answers every required <see cref="IPaperCatalog"/> member from another catalog; a test overrides
/// <see cref="Search"/> to record, hold or reshape the searches it asks. The members with a default
/// (<see cref="IPaperCatalog.ContentVersion"/>, <see cref="IPaperCatalog.FindSamePapers"/>,
/// <see cref="IPaperCatalog.TitleMatches"/>, <see cref="IPaperCatalog.OtherRecordsOf"/>, …) keep their defaults: no
/// content version, so nothing derived is kept, and title matches (and the other records of a paper found by them)
/// through this catalog's own <see cref="Search"/>.
/// </summary>
public abstract class ForwardingPaperCatalog(IPaperCatalog inner) : IPaperCatalog
{
    public int Count => inner.Count;

    public StoredPaper? FindByKey(string keyOrArxivId) => inner.FindByKey(keyOrArxivId);

    public StoredPaper? FindSamePaper(Paper paper) => inner.FindSamePaper(paper);

    public IReadOnlyDictionary<long, double> Similarities(string context, IReadOnlyCollection<long> paperIds, CancellationToken cancellationToken) =>
        inner.Similarities(context, paperIds, cancellationToken);

    public IReadOnlyList<StoredPaper> FindByKeyPrefix(string prefix, int limit) => inner.FindByKeyPrefix(prefix, limit);

    public virtual IReadOnlyList<ScoredPaper> Search(PaperQuery query, CancellationToken cancellationToken) => inner.Search(query, cancellationToken);

    public IReadOnlyList<StoredPaper> EarliestMentioning(string name, int limit) => inner.EarliestMentioning(name, limit);

    public IReadOnlyList<ScoredPaper> Related(StoredPaper paper, int limit, CancellationToken cancellationToken) => inner.Related(paper, limit, cancellationToken);
}
