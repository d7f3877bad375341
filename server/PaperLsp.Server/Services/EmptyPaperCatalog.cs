using PaperLsp.Features.Catalog;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Server.Services;

/// <summary>The catalog before an index is open (or when there is none): knows no papers; the workspace .bib still works.</summary>
internal sealed class EmptyPaperCatalog : IPaperCatalog
{
    public static EmptyPaperCatalog Instance { get; } = new();

    public int Count => 0;

    public StoredPaper? FindByKey(string keyOrArxivId) => null;

    public StoredPaper? FindSamePaper(PaperLsp.Ingestion.Model.Paper paper) => null;

    public IReadOnlyDictionary<long, double> Similarities(string context, IReadOnlyCollection<long> paperIds, CancellationToken cancellationToken) => new Dictionary<long, double>();

    public IReadOnlyList<StoredPaper> FindByKeyPrefix(string prefix, int limit) => [];

    public IReadOnlyList<ScoredPaper> Search(PaperQuery query, CancellationToken cancellationToken) => [];

    public IReadOnlyList<ScoredPaper> Related(StoredPaper paper, int limit, CancellationToken cancellationToken) => [];
}
