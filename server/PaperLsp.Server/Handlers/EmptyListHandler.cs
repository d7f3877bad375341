using System.Text.Json;
using PaperLsp.Server.Requests;

namespace PaperLsp.Server.Handlers;

/// <summary>Placeholder answering an empty list (completion, codeAction, workspace/symbol) until a feature handler replaces it.</summary>
internal sealed class EmptyListHandler(string method) : ILspRequestHandler<JsonElement, IReadOnlyList<object>>
{
    public string Method { get; } = method;

    public bool IsMutating => false;

    public Task<IReadOnlyList<object>> HandleAsync(JsonElement parameters, RequestContext context, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<object>>([]);
}
