using System.Text.Json;
using PaperLsp.Server.Requests;

namespace PaperLsp.Server.Handlers;

/// <summary>exit: stops the server; exit code 0 after shutdown, 1 otherwise.</summary>
internal sealed class ExitHandler(ServerLifecycle lifecycle) : ILspNotificationHandler<JsonElement>
{
    public string Method => "exit";

    public bool IsMutating => true;

    public Task HandleAsync(JsonElement parameters, RequestContext context, CancellationToken cancellationToken)
    {
        lifecycle.MarkExited();
        return Task.CompletedTask;
    }
}
