namespace PaperLsp.Server.Protocol;

/// <summary>What the server can do (the subset PaperLsp announces).</summary>
public sealed record ServerCapabilities
{
    public string PositionEncoding { get; init; } = "utf-16";

    public required TextDocumentSyncOptions TextDocumentSync { get; init; }

    public CompletionOptions? CompletionProvider { get; init; }

    public bool? HoverProvider { get; init; }

    public CodeActionOptions? CodeActionProvider { get; init; }

    public bool? DefinitionProvider { get; init; }

    public WorkspaceSymbolOptions? WorkspaceSymbolProvider { get; init; }

    public ExecuteCommandOptions? ExecuteCommandProvider { get; init; }

    public WorkspaceServerCapabilities? Workspace { get; init; }
}
