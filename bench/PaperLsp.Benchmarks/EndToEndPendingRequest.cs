using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using PaperLsp.TestSupport;

namespace PaperLsp.Benchmarks;

/// <summary>A request in flight through the shared <see cref="LspTestClient"/>: its id, method, when it was sent and its eventual response.</summary>
internal sealed class PendingRequest
{
    private readonly Stopwatch sinceSent = Stopwatch.StartNew();

    private PendingRequest(long id, string method, Task<JsonElement> answer)
    {
        Id = id;
        Method = method;
        Response = ReceiveAsync(answer);
    }

    public long Id { get; }

    public string Method { get; }

    /// <summary>The response (result or error); fails when the server closes or the timeout passes.</summary>
    public Task<LspResponse> Response { get; }

    /// <summary>Milliseconds from sending to the response (set when it arrives).</summary>
    public double? LatencyMs { get; private set; }

    /// <summary>Sends <paramref name="method"/> and starts timing it; the response fails after <paramref name="timeout"/>.</summary>
    public static PendingRequest Send(LspTestClient client, string method, JsonNode? parameters, TimeSpan timeout)
    {
        var id = client.NewId();
        return new PendingRequest(id, method, client.SendRequest(id, method, parameters, timeout));
    }

    /// <summary>Asks the server to cancel this request.</summary>
    public Task CancelAsync(LspTestClient client) => client.NotifyAsync("$/cancelRequest", new JsonObject { ["id"] = Id });

    private async Task<LspResponse> ReceiveAsync(Task<JsonElement> answer)
    {
        var message = await answer.ConfigureAwait(false);
        LatencyMs = sinceSent.Elapsed.TotalMilliseconds;
        return LspResponse.Of(message);
    }
}
