namespace PaperLsp.Server.Protocol;

/// <summary>Options of workspace/symbol: resolveProvider means workspaceSymbol/resolve fills in lazy locations.</summary>
public sealed record WorkspaceSymbolOptions(bool ResolveProvider);
