using System.Text.Json;
using PaperLsp.Server.Requests;

namespace PaperLsp.Server.Handlers;

/// <summary>Placeholder answering null (hover, definition...) until a feature handler replaces it.</summary>
internal sealed class NullResultHandler(string method) : ILspRequestHandler<JsonElement, object?>
{
    public string Method { get; } = method;

    public bool IsMutating => false;

    public Task<object?> HandleAsync(JsonElement parameters, RequestContext context, CancellationToken cancellationToken) => Task.FromResult<object?>(null);
}
