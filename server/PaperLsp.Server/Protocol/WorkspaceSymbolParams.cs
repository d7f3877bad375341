namespace PaperLsp.Server.Protocol;

/// <summary>Params of workspace/symbol.</summary>
public sealed record WorkspaceSymbolParams(string? Query);
