namespace PaperLsp.Fetching;

/// <summary>The cached response holding a requested paper (null with <see cref="Error"/> when it could not be fetched); <see cref="Downloaded"/> false after a 304.</summary>
public sealed record FetchedSource(PaperReference Reference, string? CachePath, bool Downloaded, string? Error);
