using System.Collections.Immutable;
using PaperLsp.Server.Protocol;
using PaperLsp.Server.Workspace;
using PaperLsp.Server.Requests;
using PaperLsp.Server.Services;

namespace PaperLsp.Server.Handlers;

/// <summary>initialize: reads client capabilities, folders and initializationOptions; answers our capabilities.</summary>
internal sealed class InitializeHandler(ServerLifecycle lifecycle, ClientInfo serverInfo) : ILspRequestHandler<InitializeParams, InitializeResult>
{
    public string Method => "initialize";

    public bool IsMutating => true;

    public Task<InitializeResult> HandleAsync(InitializeParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var features = ClientFeatures.Read(parameters.Capabilities);
        var settings = PaperLspSettings.Read(parameters.InitializationOptions, PaperLspSettings.Default);
        ImmutableArray<WorkspaceFolder> folders = parameters.WorkspaceFolders is { Count: > 0 } given
            ? [.. given]
            : parameters.RootUri is { Length: > 0 } root ? [new WorkspaceFolder(root, Path.GetFileName(root.TrimEnd('/')))] : [];
        context.UpdateWorkspace(w => w with { Client = features, Settings = settings, WorkspaceFolders = folders, ClientInfo = parameters.ClientInfo });
        foreach (var problem in settings.Problems)
        {
            context.Log.Warning(problem);
        }

        if (features.PositionEncodings.Length > 0 && !features.PositionEncodings.Contains("utf-16"))
        {
            context.Log.Warning($"client offers position encodings {string.Join(", ", features.PositionEncodings)}; the server uses utf-16 (mandatory in LSP)");
        }

        lifecycle.MarkInitialized();
        context.Log.Info($"initialized by {parameters.ClientInfo?.Name ?? "an unnamed client"} {parameters.ClientInfo?.Version}; {folders.Length} workspace folder(s)");
        context.Log.Info(RuntimeSettings.Describe());
        return Task.FromResult(new InitializeResult(PaperLspCapabilities.Create(), serverInfo));
    }
}
