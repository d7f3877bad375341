using PaperLsp.Server.Protocol;

namespace PaperLsp.Server.Client;

/// <summary>
/// The server's log: every line goes to the host's sink (stderr for the CLI); Info and above also go to the
/// client as window/logMessage once the connection is up. Safe to call from any thread.
/// </summary>
public sealed class ServerLog
{
    private readonly Action<string>? sink;
    private Func<LogMessageParams, Task>? forward;

    internal ServerLog(Action<string>? sink) => this.sink = sink;

    /// <summary>Lowest level forwarded to the client (default Info; Log/Debug stay in the sink).</summary>
    public MessageType ClientLevel { get; set; } = MessageType.Info;

    public void Error(string message) => Write(MessageType.Error, message);

    public void Warning(string message) => Write(MessageType.Warning, message);

    public void Info(string message) => Write(MessageType.Info, message);

    public void Debug(string message) => Write(MessageType.Debug, message);

    /// <summary>Writes a line at the given level.</summary>
    public void Write(MessageType type, string message)
    {
        try
        {
            sink?.Invoke($"[{DateTime.UtcNow:HH:mm:ss.fff} {type}] {message}");
        }
        catch (Exception)
        {
            // A broken sink must not take the server down.
        }

        if (type <= ClientLevel && forward is { } send)
        {
            _ = SendQuietly(send, new LogMessageParams(type, message));
        }
    }

    internal void ForwardTo(Func<LogMessageParams, Task>? send) => forward = send;

    private static async Task SendQuietly(Func<LogMessageParams, Task> send, LogMessageParams message)
    {
        try
        {
            await send(message).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The connection may be closing; logging is best effort.
        }
    }
}
