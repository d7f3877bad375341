using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Microsoft.Data.Sqlite;
using PaperLsp.Storage;

namespace PaperLsp.Benchmarks;

/// <summary>
/// <c>kill [--corpus FILE] [--records N] [--rounds 100] [--clean-every 20] [--seed S] [--work DIR]</c>: kill -9 of a real
/// <c>paperlsp index</c> process at random moments, round by round. A clean, uninterrupted run over a fresh index gives
/// the reference time T, the first-commit moment and the content digest (re-measured every <c>--clean-every</c> rounds;
/// T is the median of the clean runs so far; --rounds counts kills that landed). Each round: a fresh index,
/// one run killed (SIGKILL) at a moment drawn uniformly from [first commit of the clean run, T] — never before this run
/// printed a "committed" line, so every kill lands on work in progress — then checks (integrity_check, every paper seen
/// committed is still there, the reported committed records recorded), then one resumed run to completion, whose
/// digest must equal the clean run's. The round's ratio is (time until the kill + resume time) / T; the summary prints
/// p50/p90/max and how many rounds exceed 1.5x. <c>--records N</c> indexes the first N lines of the corpus instead of all
/// of it (a plain JSONL copy in the work folder).
/// </summary>
internal static class KillResumeBenchmark
{
    public static int Run(string[] args)
    {
        var corpus = BenchArgs.Value(args, "--corpus") ?? SharedPaths.Corpus237k();
        if (corpus is null || !File.Exists(corpus))
        {
            Console.Error.WriteLine("kill: no corpus (pass --corpus FILE or put ../shared/corpus/papers-237k.jsonl.gz beside the checkout)");
            return 1;
        }

        var rounds = int.Parse(BenchArgs.Value(args, "--rounds") ?? "100", CultureInfo.InvariantCulture);
        var cleanEvery = int.Parse(BenchArgs.Value(args, "--clean-every") ?? "20", CultureInfo.InvariantCulture);
        var random = new Random(int.Parse(BenchArgs.Value(args, "--seed") ?? "20261201", CultureInfo.InvariantCulture));
        var work = BenchArgs.Value(args, "--work") ?? Path.Combine(Path.GetTempPath(), "paperlsp-kill-" + Environment.ProcessId);
        Directory.CreateDirectory(work);
        var dll = BenchArgs.Value(args, "--dll") ?? PaperLspDll();
        if (dll is null || !File.Exists(dll))
        {
            Console.Error.WriteLine("kill: build server/PaperLsp.Cli first (paperlsp.dll not found)");
            return 1;
        }

        if (BenchArgs.Value(args, "--records") is { } recordsText)
        {
            corpus = Prefix(corpus, int.Parse(recordsText, CultureInfo.InvariantCulture), work);
        }

        Console.WriteLine($"corpus {corpus}; {Environment.ProcessorCount} cores; load {LoadAverage()}");
        var cleanTimes = new List<double>();
        var firstCommits = new List<double>();
        string? cleanDigest = null;
        var failures = 0;

        bool CleanRun()
        {
            var cleanDb = Path.Combine(work, "clean.db");
            DeleteIndex(cleanDb);
            var clean = RunIndexer(dll, cleanDb, corpus, killAtMs: null);
            if (clean.Killed || clean.ExitCode != 0)
            {
                Console.Error.WriteLine($"kill: the clean run failed (exit {clean.ExitCode}): {clean.LastError}");
                return false;
            }

            using var store = PaperStore.Open(cleanDb, createIfMissing: false);
            var digest = store.ContentDigest();
            if (cleanDigest is not null && digest != cleanDigest)
            {
                Console.WriteLine("clean run: DIGEST DIFFERS from the first clean run");
                failures++;
            }

            cleanDigest ??= digest;
            cleanTimes.Add(clean.Elapsed.TotalMilliseconds);
            firstCommits.Add(clean.FirstCommitMs ?? clean.Elapsed.TotalMilliseconds / 2);
            Console.WriteLine($"clean run {cleanTimes.Count}: {clean.Elapsed.TotalSeconds:F1} s (first commit at {firstCommits[^1] / 1000:F1} s), {store.Count():N0} papers, largest WAL {clean.MaxWalBytes / 1048576.0:F1} MiB, load {LoadAverage()}");
            return true;
        }

        if (!CleanRun())
        {
            return 1;
        }

        var ratios = new List<double>();
        long worstWal = 0;
        var db = Path.Combine(work, "round.db");
        // --rounds counts kills that landed: a round whose run finished before its kill moment is reported and redrawn.
        for (var round = 1; ratios.Count < rounds; round++)
        {
            if (round > 1 && cleanEvery > 0 && (round - 1) % cleanEvery == 0 && !CleanRun())
            {
                return 1;
            }

            // The median of the clean runs: one clean run under a passing load spike must not stretch every kill moment.
            var t = Median(cleanTimes);
            var from = Median(firstCommits);
            DeleteIndex(db);
            var killAt = (int)(from + (random.NextDouble() * Math.Max(1, t - from)));
            var killed = RunIndexer(dll, db, corpus, killAt);
            worstWal = Math.Max(worstWal, killed.MaxWalBytes);
            HashSet<long> committed = [];
            string status;
            if (killed.Killed)
            {
                var problem = CheckAfterKill(db, [], killed.LastCommitted, out committed);
                if (problem is not null)
                {
                    failures++;
                    Console.WriteLine($"round {round}: FAILED after the kill: {problem}");
                }

                status = $"killed at {killed.Elapsed.TotalSeconds:F1} s ({killed.LastCommitted:N0} records committed)";
            }
            else
            {
                status = $"finished before the kill at {killAt / 1000.0:F1} s";
            }

            var resumed = killed.Killed ? RunIndexer(dll, db, corpus, killAtMs: null) : null;
            if (resumed is { ExitCode: not 0 })
            {
                failures++;
                Console.WriteLine($"round {round}: the resumed run failed (exit {resumed.ExitCode}): {resumed.LastError}");
            }

            worstWal = Math.Max(worstWal, resumed?.MaxWalBytes ?? 0);
            string digest;
            using (var store = PaperStore.Open(db, createIfMissing: false))
            {
                digest = store.ContentDigest();
            }

            var lost = CheckAfterKill(db, committed, 0, out _);
            if (lost is not null)
            {
                failures++;
                Console.WriteLine($"round {round}: FAILED after the resume: {lost}");
            }

            var same = digest == cleanDigest;
            failures += same ? 0 : 1;
            var total = killed.Elapsed + (resumed?.Elapsed ?? TimeSpan.Zero);
            var ratio = total.TotalMilliseconds / t;
            if (killed.Killed)
            {
                ratios.Add(ratio);
            }

            Console.WriteLine(
                $"round {round}: {status}; resume {(resumed?.Elapsed.TotalSeconds ?? 0):F1} s; total {total.TotalSeconds:F1} s = {ratio:F2}x T ({t / 1000:F1} s); " +
                $"result {(same ? "identical to the clean run" : "DIFFERS from the clean run")}; load {LoadAverage()}");
        }

        ratios.Sort();
        Console.WriteLine(
            $"summary: {ratios.Count} kill rounds; {failures} failures; clean T {string.Join(", ", cleanTimes.Select(x => (x / 1000).ToString("F1", CultureInfo.InvariantCulture)))} s; " +
            $"(time until kill + resume) / T: p50 {Percentile(ratios, 0.5):F2}x, p90 {Percentile(ratios, 0.9):F2}x, max {(ratios.Count == 0 ? 0 : ratios[^1]):F2}x, " +
            $"{ratios.Count(r => r > 1.5)} rounds over 1.5x; largest WAL {worstWal / 1048576.0:F1} MiB");
        return failures == 0 ? 0 : 2;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>Integrity, no committed paper lost, and the killed run's last reported commit recorded; returns the problem or null.</summary>
    private static string? CheckAfterKill(string db, HashSet<long> before, long lastCommitted, out HashSet<long> now)
    {
        now = [];
        if (!File.Exists(db))
        {
            return before.Count == 0 && lastCommitted == 0 ? null : "the index file is gone";
        }

        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        c.Open();
        using (var check = c.CreateCommand())
        {
            check.CommandText = "PRAGMA integrity_check";
            if (check.ExecuteScalar() as string != "ok")
            {
                return "integrity_check failed";
            }
        }

        using (var ids = c.CreateCommand())
        {
            ids.CommandText = "SELECT id FROM papers";
            using var r = ids.ExecuteReader();
            while (r.Read())
            {
                now.Add(r.GetInt64(0));
            }
        }

        var after = now;
        var lost = before.Count(id => !after.Contains(id));
        if (lost > 0)
        {
            return $"{lost} papers committed before this run are gone";
        }

        using var done = c.CreateCommand();
        done.CommandText = "SELECT coalesce(max(records_done), 0), coalesce(min(complete), 1) FROM sources";
        using var d = done.ExecuteReader();
        d.Read();
        var recorded = d.GetInt64(0);
        return d.GetInt64(1) == 1 || recorded >= lastCommitted ? null : $"the run reported {lastCommitted} records committed, the index records {recorded}";
    }

    private sealed record IndexRun(bool Killed, int ExitCode, TimeSpan Elapsed, long MaxWalBytes, long LastCommitted, string LastError, double? FirstCommitMs);

    /// <summary>
    /// Runs <c>paperlsp index</c>; with <paramref name="killAtMs"/>, kills it (SIGKILL) that long after its start, but
    /// not before it printed a "committed" line (so every kill lands on a run that made progress). Samples the WAL size
    /// every 20 ms.
    /// </summary>
    private static IndexRun RunIndexer(string dll, string db, string corpus, int? killAtMs)
    {
        var start = new ProcessStartInfo("dotnet", ["exec", dll, "--index", db, "index", corpus])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var clock = Stopwatch.StartNew();
        using var child = Process.Start(start)!;
        long lastCommitted = 0;
        long firstCommitMs = -1;
        var committedThisRun = new ManualResetEventSlim(false);
        var lastError = "";
        child.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lastError = e.Data;
            var line = e.Data.Trim();
            if (line.StartsWith("committed ", StringComparison.Ordinal) &&
                long.TryParse(line["committed ".Length..].Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n))
            {
                Interlocked.Exchange(ref lastCommitted, n);
                Interlocked.CompareExchange(ref firstCommitMs, clock.ElapsedMilliseconds, -1);
                committedThisRun.Set();
            }
        };
        child.OutputDataReceived += (_, _) => { };
        child.BeginErrorReadLine();
        child.BeginOutputReadLine();
        long maxWal = 0;
        var killed = false;
        while (!child.WaitForExit(20))
        {
            maxWal = Math.Max(maxWal, WalBytes(db));
            if (killAtMs is { } at && clock.ElapsedMilliseconds >= at && committedThisRun.IsSet)
            {
                child.Kill(entireProcessTree: true);
                child.WaitForExit();
                killed = true;
                break;
            }
        }

        child.WaitForExit();
        var elapsed = clock.Elapsed;
        maxWal = Math.Max(maxWal, WalBytes(db));
        var first = Interlocked.Read(ref firstCommitMs);
        return new IndexRun(killed, killed ? -9 : child.ExitCode, elapsed, maxWal, Interlocked.Read(ref lastCommitted), lastError, first < 0 ? null : first);
    }

    private static long WalBytes(string db)
    {
        try
        {
            return new FileInfo(db + "-wal") is { Exists: true } wal ? wal.Length : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string Prefix(string corpus, int records, string work)
    {
        var target = Path.Combine(work, $"first-{records}.jsonl");
        using var input = new StreamReader(corpus.EndsWith(".gz", StringComparison.Ordinal)
            ? new GZipStream(File.OpenRead(corpus), CompressionMode.Decompress)
            : File.OpenRead(corpus));
        using var output = new StreamWriter(target);
        for (var i = 0; i < records && input.ReadLine() is { } line; i++)
        {
            output.WriteLine(line);
        }

        return target;
    }

    private static void DeleteIndex(string db)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(db + suffix);
        }
    }

    private static string? PaperLspDll()
    {
        var root = SharedPaths.RepoRoot();
        return root is null
            ? null
            : new[] { "Release", "Debug" }.Select(c => Path.Combine(root, "server", "PaperLsp.Cli", "bin", c, "net10.0", "paperlsp.dll")).FirstOrDefault(File.Exists);
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
