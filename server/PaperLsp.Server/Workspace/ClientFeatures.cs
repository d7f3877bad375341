using System.Collections.Immutable;
using System.Text.Json;

namespace PaperLsp.Server.Workspace;

/// <summary>The client capabilities PaperLsp acts on, read from the raw initialize capabilities.</summary>
public sealed record ClientFeatures
{
    /// <summary>Capabilities of a client that announced nothing.</summary>
    public static ClientFeatures None { get; } = new();

    /// <summary>window.workDoneProgress: the server may create progress tokens.</summary>
    public bool WorkDoneProgress { get; init; }

    /// <summary>workspace.configuration: the server may pull settings.</summary>
    public bool ConfigurationPull { get; init; }

    /// <summary>workspace.applyEdit.</summary>
    public bool ApplyEdit { get; init; }

    /// <summary>workspace.workspaceEdit.documentChanges: edits may be TextDocumentEdit lists.</summary>
    public bool DocumentChanges { get; init; }

    /// <summary>workspace.workspaceEdit.resourceOperations includes "create" (with documentChanges).</summary>
    public bool CreateFiles { get; init; }

    /// <summary>workspace.workspaceFolders.</summary>
    public bool WorkspaceFolders { get; init; }

    /// <summary>textDocument.hover.contentFormat includes markdown.</summary>
    public bool HoverMarkdown { get; init; }

    /// <summary>textDocument.completion.completionItem.documentationFormat includes markdown.</summary>
    public bool CompletionDocumentationMarkdown { get; init; }

    /// <summary>textDocument.completion.completionItem.snippetSupport.</summary>
    public bool CompletionSnippets { get; init; }

    /// <summary>Properties the client can fill lazily through completionItem/resolve (e.g. documentation, detail).</summary>
    public ImmutableArray<string> CompletionResolveProperties { get; init; } = [];

    /// <summary>textDocument.codeAction.resolveSupport.properties (e.g. edit).</summary>
    public ImmutableArray<string> CodeActionResolveProperties { get; init; } = [];

    /// <summary>textDocument.codeAction.codeActionLiteralSupport: the client takes CodeAction objects.</summary>
    public bool CodeActionLiterals { get; init; }

    /// <summary>textDocument.publishDiagnostics is supported (assumed; most clients do not say).</summary>
    public bool PublishDiagnosticsVersionSupport { get; init; }

    /// <summary>
    /// workspace.symbol.resolveSupport.properties includes location.range: workspace symbols may carry only a uri and get
    /// their range (and, for catalog papers, their rendered file) in workspaceSymbol/resolve.
    /// </summary>
    public bool WorkspaceSymbolResolvesRange { get; init; }

    /// <summary>general.positionEncodings as offered; the server always answers utf-16.</summary>
    public ImmutableArray<string> PositionEncodings { get; init; } = [];

    /// <summary>Reads the flags from initialize's capabilities object; anything missing or malformed is false/empty.</summary>
    public static ClientFeatures Read(JsonElement? capabilities)
    {
        if (capabilities is not { ValueKind: JsonValueKind.Object } root)
        {
            return None;
        }

        return new ClientFeatures
        {
            WorkDoneProgress = Bool(root, "window", "workDoneProgress"),
            ConfigurationPull = Bool(root, "workspace", "configuration"),
            ApplyEdit = Bool(root, "workspace", "applyEdit"),
            DocumentChanges = Bool(root, "workspace", "workspaceEdit", "documentChanges"),
            CreateFiles = Bool(root, "workspace", "workspaceEdit", "documentChanges")
                && Strings(root, "workspace", "workspaceEdit", "resourceOperations").Contains("create"),
            WorkspaceFolders = Bool(root, "workspace", "workspaceFolders"),
            HoverMarkdown = Strings(root, "textDocument", "hover", "contentFormat").Contains("markdown"),
            CompletionDocumentationMarkdown = Strings(root, "textDocument", "completion", "completionItem", "documentationFormat").Contains("markdown"),
            CompletionSnippets = Bool(root, "textDocument", "completion", "completionItem", "snippetSupport"),
            CompletionResolveProperties = Strings(root, "textDocument", "completion", "completionItem", "resolveSupport", "properties"),
            CodeActionResolveProperties = Strings(root, "textDocument", "codeAction", "resolveSupport", "properties"),
            CodeActionLiterals = Find(root, "textDocument", "codeAction", "codeActionLiteralSupport") is { ValueKind: JsonValueKind.Object },
            PublishDiagnosticsVersionSupport = Bool(root, "textDocument", "publishDiagnostics", "versionSupport"),
            PositionEncodings = Strings(root, "general", "positionEncodings"),
            WorkspaceSymbolResolvesRange = Strings(root, "workspace", "symbol", "resolveSupport", "properties").Contains("location.range"),
        };
    }

    private static JsonElement? Find(JsonElement root, params string[] path)
    {
        var current = root;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current;
    }

    private static bool Bool(JsonElement root, params string[] path) => Find(root, path) is { ValueKind: JsonValueKind.True };

    private static ImmutableArray<string> Strings(JsonElement root, params string[] path) =>
        Find(root, path) is { ValueKind: JsonValueKind.Array } array
            ? [.. array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
            : [];
}
