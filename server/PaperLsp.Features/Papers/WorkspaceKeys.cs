using PaperLsp.Ingestion.Identity;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Papers;

/// <summary>The one rule for the key of an index paper in a workspace (completion, insertion, hover, actions all use it).</summary>
public static class WorkspaceKeys
{
    /// <summary>
    /// Under which key the index paper (<paramref name="indexKey"/>, <paramref name="paper"/>) appears in the workspace:
    /// the key of the workspace .bib entry describing the same paper (arXiv id, DOI or title); else its index key when no
    /// .bib entry uses that key; else a free, readable variant (index key + the next title word, then letters) that no
    /// .bib entry uses and that <paramref name="takenElsewhere"/> (e.g. another index paper's key) does not reject.
    /// </summary>
    public static WorkspaceKey For(string indexKey, Paper paper, BibIdentityIndex bib, Func<string, bool>? takenElsewhere = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(indexKey);
        ArgumentNullException.ThrowIfNull(paper);
        ArgumentNullException.ThrowIfNull(bib);
        if (bib.Find(paper) is { } entry)
        {
            return new WorkspaceKey(entry.Key, entry, false);
        }

        if (!bib.DefinesKey(indexKey))
        {
            return new WorkspaceKey(indexKey, null, false);
        }

        var variant = CitationKeyGenerator.FreeVariant(indexKey, paper, key => bib.DefinesKey(key) || (takenElsewhere?.Invoke(key) ?? false));
        return new WorkspaceKey(variant, null, true);
    }
}
