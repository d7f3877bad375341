namespace PaperLsp.Server.Protocol;

/// <summary>Names a text document by URI.</summary>
public sealed record TextDocumentIdentifier
{
    public required string Uri { get; init; }
}
