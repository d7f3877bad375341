using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Catalog;
using PaperLsp.Ingestion.Model;
using PaperLsp.Storage;

namespace PaperLsp.Features.Papers;

/// <summary>Resolves citation keys against the workspace .bib (the user's keys win) and the catalog (richer records).</summary>
internal sealed class PaperResolver(IPaperCatalog catalog, WorkspaceBibliography bibliography)
{
    public IPaperCatalog Catalog { get; } = catalog;

    public WorkspaceBibliography Bibliography { get; } = bibliography;

    public ResolvedPaper? Resolve(string key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return null;
        }

        var entry = Bibliography.Find(key);
        if (entry is not null)
        {
            var enriched = entry.Paper.ArxivId is { Length: > 0 } arxivId ? SafeFind(arxivId) : null;
            enriched ??= SafeFind(key) is { } byKey && PaperIdentity.Same(byKey.Paper, entry.Paper) ? byKey : null;
            return new ResolvedPaper(key, enriched is null ? entry.Paper : Merge(entry.Paper, enriched.Paper), entry, enriched);
        }

        var stored = SafeFind(key);
        return stored is null ? null : new ResolvedPaper(stored.CitationKey, stored.Paper, null, stored);
    }

    /// <summary>The workspace .bib entry describing the same paper as a catalog record, if any.</summary>
    public WorkspaceBibEntry? BibEntryFor(Paper paper)
    {
        foreach (var entry in Bibliography.Entries)
        {
            if (PaperIdentity.Same(entry.Paper, paper))
            {
                return entry;
            }
        }

        return null;
    }

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
