namespace PaperLsp.Server.Protocol;

/// <summary>A position in a document: the params of hover, definition, completion and similar requests.</summary>
public sealed record TextDocumentPositionParams
{
    public required TextDocumentIdentifier TextDocument { get; init; }

    public required Position Position { get; init; }
}
