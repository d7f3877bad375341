using System.Text.Json;
using PaperLsp.Server.Protocol;
using StreamJsonRpc;

namespace PaperLsp.Server.Requests;

/// <summary>A handler with its params/result conversion, as the queue runs it.</summary>
public sealed class RegisteredHandler
{
    private readonly Func<JsonElement, RequestContext, CancellationToken, Task<JsonElement>> invoke;

    private RegisteredHandler(ILspHandler handler, Func<JsonElement, RequestContext, CancellationToken, Task<JsonElement>> invoke)
    {
        Handler = handler;
        this.invoke = invoke;
    }

    public ILspHandler Handler { get; }

    public string Method => Handler.Method;

    public bool IsMutating => Handler.IsMutating;

    internal Task<JsonElement> InvokeAsync(JsonElement parameters, RequestContext context, CancellationToken cancellationToken) =>
        invoke(parameters, context, cancellationToken);

    internal static RegisteredHandler ForRequest<TParams, TResult>(ILspRequestHandler<TParams, TResult> handler) =>
        new(handler, async (json, context, token) =>
        {
            var parameters = ReadParams<TParams>(handler.Method, json);
            var result = await handler.HandleAsync(parameters, context, token).ConfigureAwait(false);
            return result is null ? NullElement : LspJson.ToElement(result);
        });

    internal static RegisteredHandler ForNotification<TParams>(ILspNotificationHandler<TParams> handler) =>
        new(handler, async (json, context, token) =>
        {
            var parameters = ReadParams<TParams>(handler.Method, json);
            await handler.HandleAsync(parameters, context, token).ConfigureAwait(false);
            return NullElement;
        });

    private static JsonElement NullElement { get; } = JsonDocument.Parse("null").RootElement.Clone();

    private static TParams ReadParams<TParams>(string method, JsonElement json)
    {
        if (typeof(TParams) == typeof(JsonElement))
        {
            return (TParams)(object)json;
        }

        if (json.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            throw InvalidParams($"{method}: params are missing");
        }

        try
        {
            return json.Deserialize<TParams>(LspJson.Options) ?? throw InvalidParams($"{method}: params are null");
        }
        catch (JsonException e)
        {
            throw InvalidParams($"{method}: invalid params: {ParamsProblem.Describe(e, json)}");
        }
        catch (NotSupportedException)
        {
            throw InvalidParams($"{method}: invalid params: a value has a form this server does not accept");
        }
    }

    private static LocalRpcException InvalidParams(string message) => new(message) { ErrorCode = LspErrorCodes.InvalidParams };
}
