namespace PaperLsp.Fetching;

/// <summary>
/// What a sync did: days asked for, downloaded (new or changed), not modified (304: nothing downloaded), failed;
/// whether it stopped early because the service could not be reached; papers added/updated; one line per failure.
/// </summary>
public sealed record SyncReport(
    DateOnly From,
    DateOnly To,
    int Days,
    int Downloaded,
    int NotModified,
    int Failed,
    bool Stopped,
    long BytesDownloaded,
    int PapersAdded,
    int PapersUpdated,
    int PaperCount,
    DateOnly? LastSynced,
    IReadOnlyList<string> Problems);
