namespace PaperLsp.Server.Protocol;

/// <summary>A document the client opened, with its full text.</summary>
public sealed record TextDocumentItem
{
    public required string Uri { get; init; }

    public string LanguageId { get; init; } = "";

    public int Version { get; init; }

    public required string Text { get; init; }
}
