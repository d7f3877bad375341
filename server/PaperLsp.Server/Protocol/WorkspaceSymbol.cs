namespace PaperLsp.Server.Protocol;

/// <summary>
/// A workspace symbol (LSP 3.17): a paper named by its citation key. With a full location it is also a valid
/// SymbolInformation for older clients; <see cref="Data"/> carries the key for workspaceSymbol/resolve.
/// </summary>
public sealed record WorkspaceSymbol(string Name, int Kind, WorkspaceSymbolLocation Location, string? ContainerName, string? Data = null)
{
    /// <summary>SymbolKind.Key.</summary>
    public const int KeyKind = 20;
}
