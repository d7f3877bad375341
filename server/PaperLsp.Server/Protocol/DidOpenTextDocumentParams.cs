namespace PaperLsp.Server.Protocol;

/// <summary>Params of textDocument/didOpen.</summary>
public sealed record DidOpenTextDocumentParams
{
    public required TextDocumentItem TextDocument { get; init; }
}
