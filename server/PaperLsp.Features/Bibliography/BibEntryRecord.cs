namespace PaperLsp.Features.Bibliography;

/// <summary>One entry as read from .bib text: key, type, fields (raw values without outer delimiters), char range and 1-based line.</summary>
internal sealed record BibEntryRecord(string Key, string EntryType, IReadOnlyDictionary<string, string> Fields, int Start, int End, int Line);
