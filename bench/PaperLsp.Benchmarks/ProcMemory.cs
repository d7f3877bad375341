using System.Globalization;

namespace PaperLsp.Benchmarks;

/// <summary>
/// One reading of a process's memory from /proc/&lt;pid&gt;/status (Linux), in bytes: resident set (VmRSS) split into
/// anonymous memory (RssAnon: GC heap, native allocations such as ONNX Runtime's and SQLite's page caches),
/// file-backed pages (RssFile: mapped files — the postings file, the runtime's and native libraries' code — which the
/// OS can drop and re-read) and shared memory (RssShmem: SQLite's WAL index), plus the peak (VmHWM) and thread count.
/// </summary>
internal sealed record ProcMemory(long Rss, long Peak, long Anon, long File, long Shmem, int Threads)
{
    /// <summary>The process's figures now, or null when /proc cannot be read (not Linux, or the process is gone).</summary>
    public static ProcMemory? Read(int pid)
    {
        try
        {
            long rss = 0, peak = 0, anon = 0, file = 0, shmem = 0;
            var threads = 0;
            foreach (var line in System.IO.File.ReadLines($"/proc/{pid}/status"))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                {
                    continue;
                }

                var name = line[..colon];
                var value = line[(colon + 1)..].Trim().Split(' ')[0];
                switch (name)
                {
                    case "VmRSS": rss = Kb(value); break;
                    case "VmHWM": peak = Kb(value); break;
                    case "RssAnon": anon = Kb(value); break;
                    case "RssFile": file = Kb(value); break;
                    case "RssShmem": shmem = Kb(value); break;
                    case "Threads": threads = int.Parse(value, CultureInfo.InvariantCulture); break;
                    default: break;
                }
            }

            return rss == 0 ? null : new ProcMemory(rss, peak, anon, file, shmem, threads);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Kb(string value) => long.Parse(value, CultureInfo.InvariantCulture) * 1024;

    /// <summary>"RSS 512 MiB = anon 400 + file 100 + shmem 12 MiB, 30 threads".</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"RSS {Rss / 1048576.0:F0} MiB = anon {Anon / 1048576.0:F0} + file {File / 1048576.0:F0} + shmem {Shmem / 1048576.0:F0} MiB, {Threads} threads");
}
