namespace PaperLsp.Server.Protocol;

/// <summary>One paper answered by the paperlsp.search and paperlsp.related commands.</summary>
public sealed record PaperSearchResult(
    string Key,
    string Title,
    IReadOnlyList<string> Authors,
    int? Year,
    string? ArxivId,
    string? Venue,
    double Score);
