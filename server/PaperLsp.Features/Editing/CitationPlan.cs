using PaperLsp.Features.Text;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Editing;

/// <summary>
/// What inserting a citation does: the key cited, the edits (document, .bib and, for a new .bib, the document's
/// \bibliography), the .bib written to (null when no entry is added), a problem when nothing can be done, and the paper cited.
/// </summary>
public sealed record CitationPlan(string Key, IReadOnlyList<FileEdit> Edits, BibTarget? Target, string? Problem = null, Paper? Paper = null)
{
    /// <summary>True when the plan adds a BibTeX entry.</summary>
    public bool AddsBibEntry => Target is not null;

    /// <summary>True when the plan creates the .bib file.</summary>
    public bool CreatesBibFile => Target is { Create: true };

    /// <summary>A plan that does nothing because of <paramref name="problem"/>.</summary>
    public static CitationPlan Failed(string key, string problem) => new(key, [], null, problem);
}
