using PaperLsp.Features.Bibliography;
using PaperLsp.Storage;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Papers;

/// <summary>A key resolved against the workspace .bib and the catalog: the best record to show, and where it came from.</summary>
internal sealed record ResolvedPaper(string Key, Paper Paper, WorkspaceBibEntry? BibEntry, StoredPaper? CatalogPaper);
