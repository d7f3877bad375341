namespace PaperLsp.Server.Protocol;

/// <summary>How documents are synced: open/close notifications, change kind (2 = incremental), save.</summary>
public sealed record TextDocumentSyncOptions(bool OpenClose, int Change, SaveOptions Save);
