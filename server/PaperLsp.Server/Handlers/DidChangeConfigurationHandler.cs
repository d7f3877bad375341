using PaperLsp.Server.Protocol;
using PaperLsp.Server.Workspace;
using PaperLsp.Server.Requests;

namespace PaperLsp.Server.Handlers;

/// <summary>
/// workspace/didChangeConfiguration: takes pushed settings ("paperlsp" section); when the client supports
/// the pull model the server also asks workspace/configuration in the background (see LanguageServer).
/// </summary>
internal sealed class DidChangeConfigurationHandler(Action? pullConfiguration = null) : ILspNotificationHandler<DidChangeConfigurationParams>
{
    public string Method => "workspace/didChangeConfiguration";

    public bool IsMutating => true;

    public Task HandleAsync(DidChangeConfigurationParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        if (parameters.Settings is { ValueKind: System.Text.Json.JsonValueKind.Object } pushed)
        {
            var settings = PaperLspSettings.Read(pushed, context.Settings);
            foreach (var problem in settings.Problems)
            {
                context.Log.Warning(problem);
            }

            context.UpdateWorkspace(w => w with { Settings = settings });
        }

        // Pull-model clients (VS Code, Neovim) often push null or a partial object: ask for the section too.
        pullConfiguration?.Invoke();
        return Task.CompletedTask;
    }
}
