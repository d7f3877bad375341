using PaperLsp.Features.Bibliography;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Papers;

/// <summary>Finds the workspace .bib entry describing a given paper (by arXiv id, DOI or normalised title).</summary>
internal sealed class BibIdentityIndex
{
    private readonly Dictionary<string, WorkspaceBibEntry> byArxiv = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, WorkspaceBibEntry> byDoi = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, WorkspaceBibEntry> byTitle = new(StringComparer.Ordinal);

    public BibIdentityIndex(IEnumerable<WorkspaceBibEntry> entries)
    {
        foreach (var entry in entries)
        {
            if (entry.Paper.ArxivId is { Length: > 0 } arxivId)
            {
                byArxiv.TryAdd(arxivId, entry);
            }

            if (entry.Paper.Doi is { Length: > 0 } doi)
            {
                byDoi.TryAdd(doi, entry);
            }

            var title = PaperIdentity.NormaliseTitle(entry.Paper.Title);
            if (title.Length >= 12)
            {
                byTitle.TryAdd(title, entry);
            }
        }
    }

    public WorkspaceBibEntry? Find(Paper paper)
    {
        if (paper.ArxivId is { Length: > 0 } arxivId && byArxiv.TryGetValue(arxivId, out var byId))
        {
            return byId;
        }

        if (paper.Doi is { Length: > 0 } doi && byDoi.TryGetValue(doi, out var byDoiEntry))
        {
            return byDoiEntry;
        }

        return byTitle.TryGetValue(PaperIdentity.NormaliseTitle(paper.Title), out var byTitleEntry) ? byTitleEntry : null;
    }
}
