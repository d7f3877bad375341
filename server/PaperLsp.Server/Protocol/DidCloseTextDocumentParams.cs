namespace PaperLsp.Server.Protocol;

/// <summary>Params of textDocument/didClose.</summary>
public sealed record DidCloseTextDocumentParams
{
    public required TextDocumentIdentifier TextDocument { get; init; }
}
