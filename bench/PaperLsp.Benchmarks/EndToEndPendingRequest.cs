using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using PaperLsp.TestSupport;

namespace PaperLsp.Benchmarks;

/// <summary>A request in flight through the shared <see cref="LspTestClient"/>: its id, method, when it was sent and its eventual response.</summary>
internal sealed class PendingRequest
{
    private readonly long sentAt;
    private readonly TimeSpan clientPausedAtSend = GC.GetTotalPauseDuration();
    private readonly LspTestClient client;

    private PendingRequest(LspTestClient client, long id, string method, long sentAt, Task<JsonElement> answer)
    {
        this.client = client;
        this.sentAt = sentAt;
        Id = id;
        Method = method;
        Response = ReceiveAsync(answer);
    }

    public long Id { get; }

    /// <summary>When it was sent, in microseconds of the monotonic clock (<see cref="Stopwatch"/>; on Linux the server's clock too).</summary>
    public double SentAtMicroseconds => sentAt * 1e6 / Stopwatch.Frequency;

    public string Method { get; }

    /// <summary>The response (result or error); fails when the server closes or the timeout passes.</summary>
    public Task<LspResponse> Response { get; }

    /// <summary>Milliseconds from sending to the response, as the code awaiting it sees it (set when it arrives).</summary>
    public double? LatencyMs { get; private set; }

    /// <summary>
    /// Milliseconds from sending to the moment the client's read loop had the whole response frame, before parsing it and
    /// before the awaiting code was scheduled (null unless the client records response reads).
    /// </summary>
    public double? ReadMs { get; private set; }

    /// <summary>
    /// Milliseconds this benchmark client's own process was paused by its garbage collector while the request was in flight
    /// (set with <see cref="LatencyMs"/>): time the client, not the server, added to what it measured.
    /// </summary>
    public double ClientPauseMs { get; private set; }

    /// <summary>The response frame's size in bytes (null unless the client records response reads).</summary>
    public int? ResponseBytes { get; private set; }

    /// <summary>Sends <paramref name="method"/> and starts timing it; the response fails after <paramref name="timeout"/>.</summary>
    public static PendingRequest Send(LspTestClient client, string method, JsonNode? parameters, TimeSpan timeout)
    {
        var id = client.NewId();
        var sentAt = Stopwatch.GetTimestamp(); // before the request is serialised and written
        return new PendingRequest(client, id, method, sentAt, client.SendRequest(id, method, parameters, timeout));
    }

    /// <summary>Asks the server to cancel this request.</summary>
    public Task CancelAsync(LspTestClient client) => client.NotifyAsync("$/cancelRequest", new JsonObject { ["id"] = Id });

    private async Task<LspResponse> ReceiveAsync(Task<JsonElement> answer)
    {
        var message = await answer.ConfigureAwait(false);
        LatencyMs = Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds;
        ClientPauseMs = (GC.GetTotalPauseDuration() - clientPausedAtSend).TotalMilliseconds;
        if (client.TakeResponseRead(Id) is { } read)
        {
            ReadMs = Stopwatch.GetElapsedTime(sentAt, read.ReadAt).TotalMilliseconds;
            ResponseBytes = read.Bytes;
        }

        return LspResponse.Of(message);
    }
}
