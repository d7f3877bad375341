using PaperLsp.Features.Bibliography;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Papers;

/// <summary>
/// A key resolved against the workspace .bib and the catalog: the best record to show, where it came from, and
/// (<see cref="FreeVariantOf"/>) the index key it replaces when a .bib entry of another paper uses that key.
/// </summary>
internal sealed record ResolvedPaper(string Key, Paper Paper, WorkspaceBibEntry? BibEntry, StoredPaper? CatalogPaper)
{
    public string? FreeVariantOf { get; init; }

    /// <summary>True when the key is the writer's own, known to neither the .bib nor the index, matched by its shape (<see cref="WriterKeyResolver"/>).</summary>
    public bool ByKeyShape { get; init; }
}
