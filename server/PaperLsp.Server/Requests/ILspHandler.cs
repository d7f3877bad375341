
namespace PaperLsp.Server.Requests;

/// <summary>
/// A handler for one LSP method. Implement <see cref="ILspRequestHandler{TParams, TResult}"/> or
/// <see cref="ILspNotificationHandler{TParams}"/>, not this interface directly.
/// </summary>
public interface ILspHandler
{
    /// <summary>The LSP method name, e.g. "textDocument/hover".</summary>
    string Method { get; }

    /// <summary>
    /// True when the handler changes the workspace (documents, settings). Mutating handlers run one at a
    /// time in arrival order; read-only handlers run concurrently on the snapshot taken at their turn.
    /// </summary>
    bool IsMutating { get; }
}
