namespace PaperLsp.Server;

/// <summary>Entry point of the language server: speaks LSP (JSON-RPC with Content-Length framing) over two streams.</summary>
public static class LanguageServerHost
{
    /// <summary>Runs the server until the client sends exit or the input closes. Returns the process exit code.</summary>
    public static Task<int> RunAsync(Stream input, Stream output, CancellationToken cancellationToken = default)
    {
        _ = input;
        _ = output;
        _ = cancellationToken;
        return Task.FromResult(0);
    }
}
