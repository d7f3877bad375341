using PaperLsp.Server.Protocol;

namespace PaperLsp.Server.Client;

/// <summary>
/// One work-done progress (begin → report* → end) shown by the client. When the client does not support
/// server-initiated progress every call is a no-op, so callers never need to check. Disposing ends it.
/// </summary>
public sealed class WorkDoneProgress : IAsyncDisposable
{
    private readonly LanguageClient? client;
    private int ended;

    internal WorkDoneProgress(LanguageClient? client, string? token)
    {
        this.client = client;
        Token = token;
    }

    /// <summary>The progress token, or null when progress is not shown (no client support).</summary>
    public string? Token { get; }

    /// <summary>True when the client shows this progress.</summary>
    public bool IsVisible => Token is not null;

    /// <summary>Reports a message and/or a percentage (0–100, clamped).</summary>
    public Task ReportAsync(string? message, int? percentage = null)
    {
        if (client is null || Token is null || Volatile.Read(ref ended) != 0)
        {
            return Task.CompletedTask;
        }

        return client.SendProgressAsync(Token, new WorkDoneProgressValue { Kind = "report", Message = message, Percentage = percentage is { } p ? Math.Clamp(p, 0, 100) : null });
    }

    /// <summary>Ends the progress with an optional final message; later calls do nothing.</summary>
    public Task EndAsync(string? message = null)
    {
        if (client is null || Token is null || Interlocked.Exchange(ref ended, 1) != 0)
        {
            return Task.CompletedTask;
        }

        return client.SendProgressAsync(Token, new WorkDoneProgressValue { Kind = "end", Message = message });
    }

    public async ValueTask DisposeAsync() => await EndAsync().ConfigureAwait(false);
}
