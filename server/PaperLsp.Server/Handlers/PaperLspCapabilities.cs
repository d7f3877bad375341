using PaperLsp.Server.Protocol;

namespace PaperLsp.Server.Handlers;

/// <summary>The server capabilities answered to initialize.</summary>
public static class PaperLspCapabilities
{
    /// <summary>Characters after which editors should ask for completion: cite braces/commas, pandoc @, typst/markdown brackets.</summary>
    public static IReadOnlyList<string> CompletionTriggerCharacters { get; } = ["{", ",", "@", "[", "("];

    /// <summary>Builds the capabilities (always UTF-16 positions, incremental sync with save text).</summary>
    public static ServerCapabilities Create() => new()
    {
        PositionEncoding = "utf-16",
        TextDocumentSync = new TextDocumentSyncOptions(OpenClose: true, Change: 2, Save: new SaveOptions(IncludeText: true)),
        CompletionProvider = new CompletionOptions(CompletionTriggerCharacters, ResolveProvider: true),
        HoverProvider = true,
        CodeActionProvider = new CodeActionOptions(["quickfix", "refactor"], ResolveProvider: false), // every action comes complete (edit or command)
        DefinitionProvider = true,
        WorkspaceSymbolProvider = new WorkspaceSymbolOptions(ResolveProvider: true),
        ExecuteCommandProvider = new ExecuteCommandOptions(PaperLspCommands.All),
        Workspace = new WorkspaceServerCapabilities(new WorkspaceFoldersServerCapabilities(Supported: true, ChangeNotifications: false)),
    };
}
