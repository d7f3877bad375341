using System.Text.Json;
using PaperLsp.Server.Requests;

namespace PaperLsp.Server.Handlers;

/// <summary>initialized: the client is ready; the server starts pulling configuration (see LanguageServer).</summary>
internal sealed class InitializedHandler(Action<RequestContext> onInitialized) : ILspNotificationHandler<JsonElement>
{
    public string Method => "initialized";

    public bool IsMutating => true;

    public Task HandleAsync(JsonElement parameters, RequestContext context, CancellationToken cancellationToken)
    {
        onInitialized(context);
        return Task.CompletedTask;
    }
}
