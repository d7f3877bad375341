namespace PaperLsp.Features.Diagnostics;

/// <summary>The codes of PaperLsp's diagnostics (code actions find their quick fixes by them).</summary>
public static class DiagnosticCodes
{
    /// <summary>A cited key that neither a workspace .bib nor the index knows.</summary>
    public const string UnknownKey = "unknown-citation-key";

    /// <summary>
    /// A cited key the index knows, or whose shape names one index paper, that no workspace .bib defines (BibTeX will call
    /// it undefined).
    /// </summary>
    public const string NotInBibliography = "citation-not-in-bib";

    /// <summary>A cited key defined only in a workspace .bib that the paper's \bibliography does not name.</summary>
    public const string InUnusedBib = "citation-in-unused-bib";

    /// <summary>A cited key whose .bib entry the parser could not read.</summary>
    public const string MalformedEntry = "malformed-bib-entry";

    /// <summary>A syntax problem in a .bib file.</summary>
    public const string BibSyntax = "bibtex-syntax";
}
