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

    public static void Report(ServerLog log, string method, long arrived, long started, TimeSpan pausedBefore, int collectionsBefore, TimeSpan cpuBefore)
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
        // the whole process's CPU time while it ran: about its run when the request had the server to itself, more when
        // other threads (background work, the collector, the JIT compiling hot methods again) ran beside it
        var cpu = (Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds;
        log.Write(MessageType.Log, string.Create(CultureInfo.InvariantCulture, $"slow request {method}: {total:F1} ms (waited {queued:F1} ms for its turn, ran {total - queued:F1} ms, the server's threads using {cpu:F1} ms of CPU meanwhile; {collections} garbage collection(s) pausing {paused:F1} ms while it ran{last})"));
    }

    /// <summary>
    /// Logs a request whose answer was written at least the threshold after its first byte was read, from the message
    /// layer's side: reading its frame, then until its answer was ready to serialise (the queue's part, which
    /// <see cref="Report"/> splits), then serialising and writing it. The id is the client's, so a client can set the
    /// line beside its own timing; the timestamp is the monotonic clock's (<see cref="Stopwatch"/>) at the first byte.
    /// </summary>
    public static void ReportAnswer(ServerLog log, string method, string id, long firstByteAt, long readAt, long writing, int bytes, int collectionsWriting, TimeSpan pausedWriting)
    {
        var now = Stopwatch.GetTimestamp();
        var total = Stopwatch.GetElapsedTime(firstByteAt, now).TotalMilliseconds;
        if (total < ThresholdMs)
        {
            return;
        }

        var reading = Stopwatch.GetElapsedTime(firstByteAt, readAt).TotalMilliseconds;
        var ready = Stopwatch.GetElapsedTime(readAt, writing).TotalMilliseconds;
        var written = Stopwatch.GetElapsedTime(writing, now).TotalMilliseconds;
        log.Write(MessageType.Log, string.Create(CultureInfo.InvariantCulture, $"slow answer {method} (id {id}): {total:F1} ms from its first byte read to its answer written (reading it {reading:F1} ms, then {ready:F1} ms to the answer, writing {bytes / 1024.0:F1} KiB {written:F1} ms with {collectionsWriting} garbage collection(s) pausing {pausedWriting.TotalMilliseconds:F1} ms; first byte at {firstByteAt * 1e6 / Stopwatch.Frequency:F0} µs)"));
    }

    private static string LastCollection()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        var pause = info.PauseDurations.Length > 0 ? info.PauseDurations[0].TotalMilliseconds : 0;
        return string.Create(CultureInfo.InvariantCulture, $"; the last: generation {info.Generation}{(info.Compacted ? ", compacting" : string.Empty)}{(info.Concurrent ? ", background" : string.Empty)}, paused {pause:F1} ms, promoted {info.PromotedBytes / 1048576.0:F1} MiB, heap {info.HeapSizeBytes / 1048576.0:F0} MiB");
    }
}
