using System.Diagnostics;
using PaperLsp.Server.Client;

namespace PaperLsp.Server;

/// <summary>Sends StreamJsonRpc's own trace (protocol errors, bad frames) to the server log.</summary>
internal sealed class LogTraceListener(ServerLog log) : TraceListener
{
    public override void Write(string? message)
    {
    }

    public override void WriteLine(string? message)
    {
        if (!string.IsNullOrEmpty(message))
        {
            log.Debug($"jsonrpc: {message}");
        }
    }
}
