using System.Globalization;

namespace PaperLsp.Benchmarks;

/// <summary>Reads a process's memory figures from /proc/&lt;pid&gt;/status (Linux).</summary>
internal static class ProcStatus
{
    /// <summary>VmHWM (peak resident set size) in bytes, or null when /proc is unavailable or the process is gone.</summary>
    public static long? PeakRssBytes(int pid) => Field(pid, "VmHWM:");

    /// <summary>VmRSS (current resident set size) in bytes.</summary>
    public static long? RssBytes(int pid) => Field(pid, "VmRSS:");

    /// <summary>This process's resident set in MiB (0 where /proc is unavailable).</summary>
    public static double ResidentMiB() => (RssBytes(Environment.ProcessId) ?? 0) / 1048576.0;

    /// <summary>
    /// CPU time the process used so far (user + system, all threads, from /proc/&lt;pid&gt;/stat in clock ticks of 10 ms),
    /// or null: unlike wall-clock start-up times it hardly depends on what else the machine runs.
    /// </summary>
    public static TimeSpan? CpuTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromMilliseconds(ticks * 10.0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>How many of the process's file descriptors are open on <paramref name="path"/> (-1 when unknown).</summary>
    public static int OpenHandles(int pid, string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            var count = 0;
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                try
                {
                    if (string.Equals(new FileInfo(fd).LinkTarget, full, StringComparison.Ordinal))
                    {
                        count++;
                    }
                }
                catch (IOException)
                {
                }
            }

            return count;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    private static long? Field(int pid, string name)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(name, StringComparison.Ordinal))
                {
                    var kb = line[name.Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}
