using PaperLsp.Server.Requests;

namespace PaperLsp.Server.Handlers;

/// <summary>
/// The methods the server answers, one handler per method; adding a method again replaces the earlier
/// handler (so hosts and tests can replace a built-in one). <see cref="CreateDefault"/> is the one list of
/// built-in handlers.
/// </summary>
public sealed class HandlerRegistry
{
    private readonly Dictionary<string, RegisteredHandler> handlers = new(StringComparer.Ordinal);

    /// <summary>Registered methods.</summary>
    public IReadOnlyCollection<RegisteredHandler> Handlers => handlers.Values;

    /// <summary>
    /// The document and editor feature handlers. The lifecycle methods and workspace/didChangeConfiguration are
    /// added by <c>LanguageServer</c>, which owns the state they change.
    /// </summary>
    public static HandlerRegistry CreateDefault()
    {
        var registry = new HandlerRegistry();
        registry.Add(new DidOpenHandler());
        registry.Add(new DidChangeHandler());
        registry.Add(new DidCloseHandler());
        registry.Add(new DidSaveHandler());

        // Editor features: thin protocol adapters over PaperLsp.Features.
        registry.Add(new CompletionHandler());
        registry.Add(new CompletionResolveHandler());
        registry.Add(new HoverHandler());
        registry.Add(new DefinitionHandler());
        registry.Add(new CodeActionHandler());
        registry.Add(new WorkspaceSymbolHandler());
        registry.Add(new WorkspaceSymbolResolveHandler());
        registry.Add(new ExecuteCommandHandler());
        return registry;
    }

    /// <summary>Adds or replaces a request handler.</summary>
    public HandlerRegistry Add<TParams, TResult>(ILspRequestHandler<TParams, TResult> handler)
    {
        Put(RegisteredHandler.ForRequest(handler));
        return this;
    }

    /// <summary>Adds or replaces a notification handler.</summary>
    public HandlerRegistry Add<TParams>(ILspNotificationHandler<TParams> handler)
    {
        Put(RegisteredHandler.ForNotification(handler));
        return this;
    }

    /// <summary>Adds or replaces every handler of another registry.</summary>
    public HandlerRegistry AddRange(HandlerRegistry other)
    {
        foreach (var handler in other.handlers.Values)
        {
            Put(handler);
        }

        return this;
    }

    /// <summary>The handler for a method, or null.</summary>
    public RegisteredHandler? Find(string method) => handlers.GetValueOrDefault(method);

    private void Put(RegisteredHandler handler)
    {
        if (string.IsNullOrEmpty(handler.Method))
        {
            throw new ArgumentException("A handler needs a method name.", nameof(handler));
        }

        handlers[handler.Method] = handler;
    }
}
