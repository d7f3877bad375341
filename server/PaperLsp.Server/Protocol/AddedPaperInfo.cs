namespace PaperLsp.Server.Protocol;

/// <summary>One requested paper in <see cref="AddPaperResult"/>: what was asked for, its key and title, or why it was not added.</summary>
public sealed record AddedPaperInfo(string Requested, string? Key, string? Title, string? Error);
