using System.Reflection;
using System.Text.Json;

namespace PaperLsp.Server;

/// <summary>The method StreamJsonRpc calls for one LSP method: takes params raw and hands them to the queue.</summary>
internal sealed class RpcEntryPoint(Func<JsonElement, CancellationToken, Task<JsonElement>> dispatch)
{
    public static MethodInfo InvokeMethod { get; } = typeof(RpcEntryPoint).GetMethod(nameof(InvokeAsync))!;

    public Task<JsonElement> InvokeAsync(JsonElement parameters = default, CancellationToken cancellationToken = default) =>
        dispatch(parameters, cancellationToken);
}
