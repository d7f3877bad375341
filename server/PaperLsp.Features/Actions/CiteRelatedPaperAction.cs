namespace PaperLsp.Features.Actions;

/// <summary>
/// "Cite related: &lt;title&gt; (&lt;year&gt;)": the key that will be cited, the edits (citation insertion in the
/// document and, for LaTeX, the BibTeX entry appended to / created in a .bib), whether a new .bib is created, the .bib that gets the entry (null when none) and the paper.
/// </summary>
public sealed record CiteRelatedPaperAction(
    string Title,
    string Detail,
    string Key,
    double Score,
    IReadOnlyList<Text.FileEdit> Edits,
    bool CreatesBibFile,
    string? BibPath = null,
    PaperLsp.Ingestion.Model.StoredPaper? Paper = null);
