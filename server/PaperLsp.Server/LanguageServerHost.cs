namespace PaperLsp.Server;

/// <summary>Entry point of the language server: speaks LSP (JSON-RPC with Content-Length framing) over two streams.</summary>
public static class LanguageServerHost
{
    /// <summary>Runs the server until the client sends exit or the input closes. Returns the process exit code.</summary>
    public static Task<int> RunAsync(Stream input, Stream output, CancellationToken cancellationToken = default) =>
        RunAsync(input, output, new LanguageServerOptions(), cancellationToken);

    /// <summary>
    /// Runs the server with options (log sink, extra handlers, feature services). Returns 0 when the client
    /// sent shutdown then exit, 1 when it exited without shutdown, the connection closed or broke, or the
    /// token was cancelled.
    /// </summary>
    public static async Task<int> RunAsync(Stream input, Stream output, LanguageServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        Services.GcPauseLog.StartIfAsked();
        using var server = new LanguageServer(input, output, options);
        return await server.RunAsync(cancellationToken).ConfigureAwait(false);
    }
}
