namespace PaperLsp.Ingestion.Bibtex;

/// <summary>
/// One <c>@string</c> command as written in a .bib file: the macro names it defines, the macros its values use, and its
/// text (<see cref="StartOffset"/> at the '@' to <see cref="EndOffset"/> just after the closing delimiter).
/// </summary>
public sealed record BibtexStringDefinition(
    IReadOnlyList<string> Names,
    IReadOnlyList<string> Macros,
    int StartOffset,
    int EndOffset,
    string RawText);
