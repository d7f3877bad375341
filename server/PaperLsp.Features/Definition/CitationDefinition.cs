namespace PaperLsp.Features.Definition;

/// <summary>
/// Where a key is defined: a .bib entry (<see cref="Path"/>, char range [Start, End), 1-based <see cref="Line"/>), or —
/// for a key only the catalog knows — a read-only rendering (<see cref="RenderedBibtex"/> and <see cref="RenderedMarkdown"/>)
/// with <see cref="Path"/> null.
/// </summary>
public sealed record CitationDefinition(
    string Key,
    string? Path,
    int Start,
    int End,
    int Line,
    string? RenderedBibtex,
    string? RenderedMarkdown)
{
    /// <summary>True when the key has a .bib entry to jump to.</summary>
    public bool IsInBibliography => Path is not null;
}
