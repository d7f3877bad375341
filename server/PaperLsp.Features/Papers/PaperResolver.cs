using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Catalog;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Papers;

/// <summary>Resolves citation keys against the workspace .bib (the user's keys win) and the catalog (richer records).</summary>
internal sealed class PaperResolver(IPaperCatalog catalog, WorkspaceBibliography bibliography)
{
    public IPaperCatalog Catalog { get; } = catalog;

    public WorkspaceBibliography Bibliography { get; } = bibliography;

    /// <summary>
    /// A key (or arXiv id / DOI) resolved by identity: a .bib entry gets the index record of the same paper (arXiv id,
    /// DOI or title — never the index paper that happens to have the same key); an index paper gets its workspace key
    /// (<see cref="WorkspaceKeys"/>): the .bib key of the same paper, its own key, or a free variant when a .bib
    /// entry of another paper uses its key.
    /// </summary>
    public ResolvedPaper? Resolve(string key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return null;
        }

        var entry = Bibliography.Find(key);
        if (entry is not null)
        {
            var enriched = SafeFindSame(entry.Paper);
            return new ResolvedPaper(key, enriched is null ? entry.Paper : Merge(entry.Paper, enriched.Paper), entry, enriched);
        }

        var stored = SafeFind(key);
        if (stored is null)
        {
            return null;
        }

        var workspaceKey = KeyOf(stored);
        return workspaceKey.BibEntry is { } same
            ? new ResolvedPaper(same.Key, Merge(same.Paper, stored.Paper), same, stored)
            : new ResolvedPaper(workspaceKey.Key, stored.Paper, null, stored) { FreeVariantOf = workspaceKey.IsFreeVariant ? stored.CitationKey : null };
    }

    /// <summary>
    /// A key the document cites, resolved as <see cref="Resolve"/> does, or else, when neither the .bib nor the index
    /// knows it, by its shape (<see cref="ByKeyShape"/>): what a hover on a cited key shows.
    /// </summary>
    public ResolvedPaper? ResolveCited(string key) =>
        Resolve(key) ?? (ByKeyShape(key) is { } stored ? new ResolvedPaper(key, stored.Paper, null, stored) { ByKeyShape = true } : null);

    /// <summary>
    /// The index paper a cited key stands for by its shape (surname + year + title word, <see cref="WriterKeyResolver"/>)
    /// when neither the .bib nor the index has the key itself; null otherwise. The one rule completion and hover use.
    /// </summary>
    public StoredPaper? ByKeyShape(string key) =>
        !string.IsNullOrWhiteSpace(key) && Bibliography.Find(key) is null && SafeFind(key) is null ? WriterKeyResolver.For(Catalog).Resolve(key) : null;

    /// <summary>The key under which an index paper appears in this workspace (see <see cref="WorkspaceKeys.For"/>).</summary>
    public WorkspaceKey KeyOf(StoredPaper stored) =>
        WorkspaceKeys.For(stored.CitationKey, stored.Paper, BibIdentityIndex.Of(Bibliography.Entries), k => SafeFind(k) is { } other && other.Id != stored.Id);

    /// <summary>The workspace .bib entry describing the same paper as a catalog record, if any.</summary>
    public WorkspaceBibEntry? BibEntryFor(Paper paper) => BibIdentityIndex.Of(Bibliography.Entries).Find(paper);

    private StoredPaper? SafeFindSame(Paper paper)
    {
        try
        {
            // the ingestion identity, else the index record of the same paper under a title with a name in front (a .bib
            // citing the published "Demystifying LLM-Based …" finds the arXiv record "Agentless: Demystifying …")
            return Catalog.FindSamePaper(paper)
                ?? Catalog.TitleMatches(paper.Title, TitleHeadCandidates).FirstOrDefault(s => BibIdentityIndex.SameUnderTitleHead(s.Paper, paper));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>How many of a .bib title's best word matches are checked for the same paper under another title head.</summary>
    private const int TitleHeadCandidates = 10;

    private StoredPaper? SafeFind(string keyOrId)
    {
        try
        {
            return Catalog.FindByKey(keyOrId);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Bib fields win for identity (key, type, entry text); the catalog fills what the .bib lacks.</summary>
    private static Paper Merge(Paper bib, Paper catalogPaper) => bib with
    {
        Abstract = bib.Abstract.Length > 0 ? bib.Abstract : catalogPaper.Abstract,
        Authors = bib.Authors.Count > 0 ? bib.Authors : catalogPaper.Authors,
        Date = catalogPaper.Date is { Length: > 4 } ? catalogPaper.Date : bib.Date ?? catalogPaper.Date,
        Year = bib.Year ?? catalogPaper.Year,
        ArxivId = bib.ArxivId ?? catalogPaper.ArxivId,
        Doi = bib.Doi ?? catalogPaper.Doi,
        Venue = bib.Venue ?? catalogPaper.Venue,
        Upvotes = catalogPaper.Upvotes,
        AiSummary = catalogPaper.AiSummary,
        GithubRepo = catalogPaper.GithubRepo,
        Keywords = bib.Keywords.Count > 0 ? bib.Keywords : catalogPaper.Keywords,
    };
}
