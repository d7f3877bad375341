namespace PaperLsp.Storage;

/// <summary>Facts about an open index, for <c>paperlsp doctor</c> and <c>stats</c>.</summary>
public sealed record StoreInfo(
    string Path,
    int SchemaVersion,
    string CreatedBy,
    long PaperCount,
    long SourceCount,
    long IdentityCount,
    long VectorCount,
    long FileSizeBytes,
    string SqliteVersion,
    string IntegrityCheck,
    IReadOnlyList<StoredModel> Models);
