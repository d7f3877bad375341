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
    long FileSizeBytes, // the database file and its WAL together
    string SqliteVersion,
    string IntegrityCheck,
    IReadOnlyList<StoredModel> Models)
{
    /// <summary>Bytes of the write-ahead log (<c>&lt;index&gt;-wal</c>), included in <see cref="FileSizeBytes"/>.</summary>
    public long WalSizeBytes { get; init; }
}
