namespace PaperLsp.Server.Protocol;

/// <summary>Params of textDocument/codeAction.</summary>
public sealed record CodeActionParams
{
    public required TextDocumentIdentifier TextDocument { get; init; }

    public required Range Range { get; init; }

    public CodeActionContext? Context { get; init; }
}
