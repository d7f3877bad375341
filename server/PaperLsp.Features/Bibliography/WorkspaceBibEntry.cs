using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Bibliography;

/// <summary>
/// A .bib entry of the workspace: key, type, the file, its char range [Start, End) and 1-based line, its raw field
/// values (case-insensitive names) and the paper it describes.
/// </summary>
public sealed record WorkspaceBibEntry(
    string Key,
    string EntryType,
    string Path,
    int Start,
    int End,
    int Line,
    IReadOnlyDictionary<string, string> Fields,
    Paper Paper);
