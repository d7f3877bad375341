
namespace PaperLsp.Server.Requests;

/// <summary>
/// Handles an LSP request. <typeparamref name="TParams"/> is deserialized from the message with
/// <see cref="Protocol.LspJson.Options"/> (failure → InvalidParams); use System.Text.Json.JsonElement to
/// take params raw (also when the method has none). The result is serialized the same way; null → JSON null.
/// Throwing gives an InternalError response with the exception message (or the code of a
/// <see cref="StreamJsonRpc.LocalRpcException"/>); honour the token: cancelled requests answer RequestCancelled.
/// </summary>
public interface ILspRequestHandler<in TParams, TResult> : ILspHandler
{
    Task<TResult> HandleAsync(TParams parameters, RequestContext context, CancellationToken cancellationToken);
}
