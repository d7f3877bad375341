using System.Text.Json;

namespace PaperLsp.Server.Handlers;

/// <summary>shutdown: later requests answer InvalidRequest; exit then ends the process with code 0.</summary>
internal sealed class ShutdownHandler(ServerLifecycle lifecycle) : ILspRequestHandler<JsonElement, object?>
{
    public string Method => "shutdown";

    public bool IsMutating => true;

    public Task<object?> HandleAsync(JsonElement parameters, RequestContext context, CancellationToken cancellationToken)
    {
        lifecycle.MarkShutdown();
        context.Log.Info("shutdown requested");
        return Task.FromResult<object?>(null);
    }
}
