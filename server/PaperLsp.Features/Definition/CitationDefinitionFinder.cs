using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Catalog;
using PaperLsp.Features.Citations;
using PaperLsp.Features.Hover;
using PaperLsp.Features.Papers;
using PaperLsp.Ingestion.Bibtex;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Definition;

/// <summary>Go to definition for citation keys: the .bib entry, or a rendering of the catalog record.</summary>
public sealed class CitationDefinitionFinder
{
    private readonly IPaperCatalog catalog;
    private readonly WorkspaceBibliography bibliography;
    private readonly HoverCardBuilder cards;

    public CitationDefinitionFinder(IPaperCatalog catalog, WorkspaceBibliography bibliography)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(bibliography);
        this.catalog = catalog;
        this.bibliography = bibliography;
        cards = new HoverCardBuilder(catalog, bibliography) { RelatedCount = 0 };
    }

    /// <summary>The definition of the key under the cursor, or null (not in a citation, or unknown key).</summary>
    public CitationDefinition? FindAt(string text, int offset, DocumentLanguage language, IEnumerable<string>? customCiteMacros = null)
    {
        var site = CitationSiteFinder.Find(text, offset, language, customCiteMacros);
        return site is null || site.CurrentKey.Length == 0 ? null : Find(site.CurrentKey);
    }

    /// <summary>The definition of a key, or null when unknown.</summary>
    public CitationDefinition? Find(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var entry = bibliography.Find(key);
        if (entry is not null)
        {
            return new CitationDefinition(key, entry.Path, entry.Start, entry.End, entry.Line, null, null);
        }

        var stored = catalog.FindByKey(key);
        if (stored is null)
        {
            return null;
        }

        return new CitationDefinition(stored.CitationKey, null, 0, 0, 0, BibtexWriter.Format(stored.Paper, stored.CitationKey), cards.BuildMarkdown(key, includeRelated: false));
    }
}
