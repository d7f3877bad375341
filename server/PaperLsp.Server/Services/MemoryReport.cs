using System.Globalization;
using System.Runtime;
using PaperLsp.Storage;

namespace PaperLsp.Server.Services;

/// <summary>
/// One log line on where the server's memory is: the managed (GC) heap, what the GC keeps committed, SQLite's own
/// allocations (page caches of all connections), and the process's resident set split into anonymous and file-backed
/// pages (Linux). The rest of the anonymous memory is native: ONNX Runtime (the model's weights, its arena), the runtime.
/// </summary>
internal static class MemoryReport
{
    public static string Describe()
    {
        var gc = GC.GetGCMemoryInfo();
        var (sqlite, sqlitePeak) = PaperStore.SqliteMemory();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"memory: GC heap {Mib(gc.HeapSizeBytes)} MiB (committed {Mib(gc.TotalCommittedBytes)} MiB, fragmented {Mib(gc.FragmentedBytes)} MiB, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, latency mode {GCSettings.LatencyMode}), " +
            $"SQLite {Mib(sqlite)} MiB (peak {Mib(sqlitePeak)} MiB); process {Resident()}");
    }

    private static string Resident()
    {
        try
        {
            var fields = File.ReadLines("/proc/self/status")
                .Select(line => line.Split(':', 2))
                .Where(parts => parts.Length == 2 && parts[0] is "VmRSS" or "VmHWM" or "RssAnon" or "RssFile" or "RssShmem")
                .Select(parts => parts[0] + " " + (long.Parse(parts[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024) + " MiB");
            return string.Join(", ", fields);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return "resident set unknown (no /proc)";
        }
    }

    private static long Mib(long bytes) => bytes / 1048576;
}
