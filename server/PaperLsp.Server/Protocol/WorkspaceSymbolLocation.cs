namespace PaperLsp.Server.Protocol;

/// <summary>
/// Where a workspace symbol is: a full location, or (for clients that resolve ranges lazily) only its document's uri,
/// with the range filled in by workspaceSymbol/resolve.
/// </summary>
public sealed record WorkspaceSymbolLocation(string Uri, Range? Range = null);
