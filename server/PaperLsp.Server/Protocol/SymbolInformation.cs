namespace PaperLsp.Server.Protocol;

/// <summary>A workspace symbol: a paper, named by its citation key.</summary>
public sealed record SymbolInformation(string Name, int Kind, Location Location, string? ContainerName)
{
    /// <summary>SymbolKind.Key.</summary>
    public const int KeyKind = 20;
}
