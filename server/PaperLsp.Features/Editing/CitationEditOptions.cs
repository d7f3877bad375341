namespace PaperLsp.Features.Editing;

/// <summary>
/// The user's choices for inserted citations: <see cref="CiteStyle"/> is a macro name (<c>citep</c>) or <c>auto</c>
/// (the document's dominant variant); <see cref="BibFile"/> is the .bib to use when the document names none and its
/// folder has none (absolute, or null); <see cref="CustomCiteMacros"/> are extra citation macros.
/// </summary>
public sealed record CitationEditOptions(string CiteStyle = "auto", string? BibFile = null, IReadOnlyList<string>? CustomCiteMacros = null)
{
    /// <summary>Defaults: dominant macro, no configured .bib.</summary>
    public static CitationEditOptions Default { get; } = new();
}
