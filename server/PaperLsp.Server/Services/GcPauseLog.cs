using System.Diagnostics.Tracing;
using System.Globalization;

namespace PaperLsp.Server.Services;

/// <summary>
/// The runtime's own account of each garbage collection's pause (from suspending the threads to resuming them), with
/// its generation and reason, the part of it spent suspending the threads, and the bytes it promoted (the survivors it
/// copied or kept, which a pause's length mostly follows), kept for a summary at shutdown: which collections make the slow answers. Listens only when
/// <c>PAPERLSP_GC_LOG</c> is set (a diagnostic for benchmarks and reports, off for users).
/// </summary>
internal sealed class GcPauseLog : EventListener
{
    private const int GcStartV2 = 1;
    private const int SuspendBegin = 9;
    private const int SuspendEnd = 8;
    private const int HeapStats = 4;
    private const int RestartEnd = 3;
    private static GcPauseLog? instance;
    private readonly List<(int Generation, string Reason, string Type, double Ms, double SuspendMs, double PromotedMiB)> pauses = [];
    private readonly object gate = new();
    private DateTime? suspendedAt;
    private double suspending;
    private double promoted;
    private (int Generation, string Reason, string Type)? current;

    public static void StartIfAsked()
    {
        if (Environment.GetEnvironmentVariable("PAPERLSP_GC_LOG") is { Length: > 0 })
        {
            instance ??= new GcPauseLog();
        }
    }

    /// <summary>The pauses per generation (count, p50, p90, max) and the five longest; null when not listening.</summary>
    public static string? Summary() => instance?.Describe();

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Informational, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        lock (gate)
        {
            switch (eventData.EventId)
            {
                case SuspendBegin:
                    suspendedAt = eventData.TimeStamp;
                    suspending = 0;
                    promoted = -1;
                    break;
                case HeapStats:
                    promoted = (Number(eventData, "TotalPromotedSize0") + Number(eventData, "TotalPromotedSize1") + Number(eventData, "TotalPromotedSize2")) / 1048576.0;
                    break;
                case SuspendEnd when suspendedAt is { } began:
                    suspending = (eventData.TimeStamp - began).TotalMilliseconds;
                    break;
                case GcStartV2:
                    // an event without a readable depth counts as generation -1 (nothing may throw inside the listener)
                    current = (int.TryParse(Field(eventData, "Depth"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var depth) ? depth : -1, Field(eventData, "Reason"), Field(eventData, "Type"));
                    break;
                case RestartEnd when suspendedAt is { } at:
                    var (generation, reason, type) = current ?? (-1, "?", "?");
                    pauses.Add((generation, reason, type, (eventData.TimeStamp - at).TotalMilliseconds, suspending, promoted));
                    suspendedAt = null;
                    current = null;
                    break;
            }
        }
    }

    private static double Number(EventWrittenEventArgs e, string name) =>
        double.TryParse(Field(e, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static string Field(EventWrittenEventArgs e, string name)
    {
        var i = e.PayloadNames?.IndexOf(name) ?? -1;
        return i >= 0 && e.Payload?[i] is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) ?? "?" : "?";
    }

    private string Describe()
    {
        lock (gate)
        {
            var parts = pauses.GroupBy(p => p.Generation).OrderBy(g => g.Key).Select(g =>
            {
                var ms = g.Select(p => p.Ms).Order().ToList();
                return string.Create(CultureInfo.InvariantCulture, $"gen{g.Key} n={ms.Count} p50 {ms[ms.Count / 2]:F1} p90 {ms[(int)(ms.Count * 0.9)]:F1} max {ms[^1]:F1} ms");
            });
            var suspensions = pauses.Select(p => p.SuspendMs).Order().ToList();
            if (suspensions.Count > 0)
            {
                parts = parts.Append(string.Create(CultureInfo.InvariantCulture, $"suspending the threads (in every pause above) p50 {suspensions[suspensions.Count / 2]:F1} p90 {suspensions[(int)(suspensions.Count * 0.9)]:F1} max {suspensions[^1]:F1} ms"));
            }

            var longest = pauses.OrderByDescending(p => p.Ms).Take(12).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Ms:F1} ms gen{p.Generation} reason {p.Reason} type {p.Type} (suspending {p.SuspendMs:F1} ms, {p.PromotedMiB:F1} MiB promoted)"));
            return $"GC pauses: {string.Join("; ", parts)}; longest: {string.Join(", ", longest)}";
        }
    }
}
