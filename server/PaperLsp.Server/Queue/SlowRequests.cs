using System.Diagnostics;
using System.Globalization;
using PaperLsp.Server.Client;
using PaperLsp.Server.Protocol;

namespace PaperLsp.Server.Queue;

/// <summary>
/// Logs a request that took longer than a threshold from its arrival to its answer, split into the wait for its turn and
/// its run, with the garbage collector's pauses meanwhile: what a user who sees a slow list can send with a report.
/// The threshold is 100 ms, or <c>PAPERLSP_SLOW_REQUEST_MS</c>. The lines go to the server's log (stderr), not to the
/// editor's message window.
/// </summary>
internal static class SlowRequests
{
    public static readonly double ThresholdMs = ReadThreshold(Environment.GetEnvironmentVariable("PAPERLSP_SLOW_REQUEST_MS"));

    public static double ReadThreshold(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0 ? ms : 100;

    public static void Report(ServerLog log, string method, long arrived, long started, TimeSpan pausedBefore, int collectionsBefore)
    {
        var now = Stopwatch.GetTimestamp();
        var total = Stopwatch.GetElapsedTime(arrived, now).TotalMilliseconds;
        if (total < ThresholdMs)
        {
            return;
        }

        var queued = Stopwatch.GetElapsedTime(arrived, started).TotalMilliseconds;
        var paused = (GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds;
        var collections = GC.CollectionCount(0) - collectionsBefore;
        var last = collections > 0 ? LastCollection() : string.Empty;
        log.Write(MessageType.Log, string.Create(CultureInfo.InvariantCulture, $"slow request {method}: {total:F1} ms (waited {queued:F1} ms for its turn, ran {total - queued:F1} ms; {collections} garbage collection(s) pausing {paused:F1} ms while it ran{last})"));
    }

    private static string LastCollection()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        var pause = info.PauseDurations.Length > 0 ? info.PauseDurations[0].TotalMilliseconds : 0;
        return string.Create(CultureInfo.InvariantCulture, $"; the last: generation {info.Generation}{(info.Compacted ? ", compacting" : string.Empty)}{(info.Concurrent ? ", background" : string.Empty)}, paused {pause:F1} ms, promoted {info.PromotedBytes / 1048576.0:F1} MiB, heap {info.HeapSizeBytes / 1048576.0:F0} MiB");
    }
}
