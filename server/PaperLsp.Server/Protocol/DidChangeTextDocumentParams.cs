namespace PaperLsp.Server.Protocol;

/// <summary>Params of textDocument/didChange: changes to apply in order.</summary>
public sealed record DidChangeTextDocumentParams
{
    public required VersionedTextDocumentIdentifier TextDocument { get; init; }

    public required IReadOnlyList<TextDocumentContentChangeEvent> ContentChanges { get; init; }
}
