namespace PaperLsp.Server.Services;

/// <summary>Arguments of paperlsp.bibEntryApplied: the document, the key whose entry was appended, the .bib it went to and the index key of the paper (when it differs).</summary>
internal sealed record BibEntryAppliedArguments(string Uri, string Key, string BibPath, string? PaperKey = null);
