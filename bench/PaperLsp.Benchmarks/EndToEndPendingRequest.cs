using System.Diagnostics;

namespace PaperLsp.Benchmarks;

/// <summary>A request in flight: its id, method, when it was sent and its eventual response.</summary>
internal sealed class PendingRequest(long id, string method)
{
    private readonly TaskCompletionSource<LspResponse> response = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stopwatch sinceSent = Stopwatch.StartNew();

    public long Id { get; } = id;

    public string Method { get; } = method;

    public Task<LspResponse> Response => response.Task;

    /// <summary>Milliseconds from sending to the response (set when it arrives).</summary>
    public double? LatencyMs { get; private set; }

    public void Complete(LspResponse value)
    {
        LatencyMs = sinceSent.Elapsed.TotalMilliseconds;
        response.TrySetResult(value);
    }

    public void Fail(Exception error) => response.TrySetException(error);
}
