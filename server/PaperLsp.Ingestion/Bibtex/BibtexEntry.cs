namespace PaperLsp.Ingestion.Bibtex;

/// <summary>
/// One BibTeX entry as written in a .bib file. <see cref="Fields"/> is case-insensitive by field name and holds the raw value with
/// @string macros expanded and <c>#</c> concatenation applied, outer delimiters removed (inner braces and LaTeX kept).
/// <see cref="StartOffset"/>/<see cref="EndOffset"/> are char offsets of the whole entry (from '@' to just after the closing delimiter)
/// in the parsed text; <see cref="Line"/> is the 1-based line of the '@'.
/// </summary>
public sealed record BibtexEntry(
    string Key,
    string EntryType,
    IReadOnlyDictionary<string, string> Fields,
    int StartOffset,
    int EndOffset,
    int Line,
    string RawText)
{
    /// <summary>
    /// The macros its field values use by name (bare words outside braces and quotes: <c>@string</c> macros and the
    /// month names), each once, in the order first written.
    /// </summary>
    public IReadOnlyList<string> Macros { get; init; } = [];

    /// <summary>A field's value, or null when absent.</summary>
    public string? Get(string field) => Fields.TryGetValue(field, out var value) ? value : null;
}
