using System.Text.Json;
using PaperLsp.Server.Requests;

namespace PaperLsp.Server.Handlers;

/// <summary>Placeholder for resolve requests: returns the item unchanged.</summary>
internal sealed class EchoHandler(string method) : ILspRequestHandler<JsonElement, JsonElement>
{
    public string Method { get; } = method;

    public bool IsMutating => false;

    public Task<JsonElement> HandleAsync(JsonElement parameters, RequestContext context, CancellationToken cancellationToken) => Task.FromResult(parameters);
}
