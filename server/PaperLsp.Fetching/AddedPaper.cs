namespace PaperLsp.Fetching;

/// <summary>A requested paper after indexing: its citation key and title, or why it was not added (one line).</summary>
public sealed record AddedPaper(string Requested, string? Key, string? Title, string? Error);
