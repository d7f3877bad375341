namespace PaperLsp.Server.Protocol;

/// <summary>Params of textDocument/didSave (text is present because we ask for includeText).</summary>
public sealed record DidSaveTextDocumentParams
{
    public required TextDocumentIdentifier TextDocument { get; init; }

    public string? Text { get; init; }
}
