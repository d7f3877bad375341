using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Microsoft.Data.Sqlite;
using PaperLsp.Storage;

namespace PaperLsp.Benchmarks;

/// <summary>
/// <c>kill [--corpus FILE] [--records N] [--rounds 100] [--kills-per-run 5] [--seed S] [--work DIR]</c>: kill -9 of a real
/// <c>paperlsp index</c> process at random moments, many times. First one uninterrupted run over a fresh index (its time,
/// its largest WAL, its content digest). Then, until <c>--rounds</c> kills have landed: a fresh index is built by runs
/// that are each killed at a random moment of the clean run's span (after the run showed a committed chunk, so the kill
/// lands on work in progress) until one finishes. After every kill: <c>PRAGMA integrity_check</c>, every paper that was
/// committed before is still there, and the records the killed run reported committed are recorded as done. After every
/// finished index: its digest equals the clean run's, and the total time of its runs is compared with the clean run's.
/// <c>--records N</c> indexes the first N lines of the corpus instead of all of it (a copy in the work folder).
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
        var killsPerRun = int.Parse(BenchArgs.Value(args, "--kills-per-run") ?? "5", CultureInfo.InvariantCulture);
        var random = new Random(int.Parse(BenchArgs.Value(args, "--seed") ?? "20261201", CultureInfo.InvariantCulture));
        var work = BenchArgs.Value(args, "--work") ?? Path.Combine(Path.GetTempPath(), "paperlsp-kill-" + Environment.ProcessId);
        Directory.CreateDirectory(work);
        var dll = PaperLspDll();
        if (dll is null)
        {
            Console.Error.WriteLine("kill: build server/PaperLsp.Cli first (paperlsp.dll not found)");
            return 1;
        }

        if (BenchArgs.Value(args, "--records") is { } recordsText)
        {
            corpus = Prefix(corpus, int.Parse(recordsText, CultureInfo.InvariantCulture), work);
        }

        Console.WriteLine($"corpus {corpus}; {Environment.ProcessorCount} cores; load {LoadAverage()}");
        var cleanDb = Path.Combine(work, "clean.db");
        DeleteIndex(cleanDb);
        var clean = RunIndexer(dll, cleanDb, corpus, killAtMs: null, mustCommitFirst: false);
        if (clean.Killed || clean.ExitCode != 0)
        {
            Console.Error.WriteLine($"kill: the clean run failed (exit {clean.ExitCode}): {clean.LastError}");
            return 1;
        }

        string cleanDigest;
        long cleanPapers;
        using (var store = PaperStore.Open(cleanDb, createIfMissing: false))
        {
            cleanDigest = store.ContentDigest();
            cleanPapers = store.Count();
        }

        Console.WriteLine($"clean run: {clean.Elapsed.TotalSeconds:F1} s, {cleanPapers:N0} papers, largest WAL {clean.MaxWalBytes / 1048576.0:F1} MiB, load {LoadAverage()}");
        var cleanMs = clean.Elapsed.TotalMilliseconds;
        var kills = 0;
        var failures = 0;
        var cycle = 0;
        var worstRatio = 0.0;
        long worstWal = clean.MaxWalBytes;
        var ratios = new List<double>();
        while (kills < rounds)
        {
            cycle++;
            var db = Path.Combine(work, "cycle.db");
            DeleteIndex(db);
            var total = TimeSpan.Zero;
            var before = new HashSet<long>();
            var cycleKills = 0;
            while (true)
            {
                // A random moment of the clean run's span, spread so a cycle sees about killsPerRun kills.
                var killAt = cycleKills >= killsPerRun * 3 ? (int?)null : random.Next(300, (int)Math.Max(600, cleanMs * 2 / killsPerRun));
                var run = RunIndexer(dll, db, corpus, killAt, mustCommitFirst: true);
                total += run.Elapsed;
                worstWal = Math.Max(worstWal, run.MaxWalBytes);
                if (!run.Killed)
                {
                    if (run.ExitCode != 0)
                    {
                        Console.WriteLine($"cycle {cycle}: the finishing run failed (exit {run.ExitCode}): {run.LastError}");
                        failures++;
                    }

                    break;
                }

                kills++;
                cycleKills++;
                var problem = CheckAfterKill(db, before, run.LastCommitted, out var now);
                if (problem is not null)
                {
                    failures++;
                    Console.WriteLine($"cycle {cycle} kill {cycleKills}: FAILED: {problem}");
                }

                before = now;
            }

            string digest;
            using (var store = PaperStore.Open(db, createIfMissing: false))
            {
                digest = store.ContentDigest();
            }

            var ratio = total.TotalMilliseconds / cleanMs;
            ratios.Add(ratio);
            worstRatio = Math.Max(worstRatio, ratio);
            var same = digest == cleanDigest;
            failures += same ? 0 : 1;
            Console.WriteLine($"cycle {cycle}: {cycleKills} kills, {total.TotalSeconds:F1} s in all = {ratio:F2}x clean; result {(same ? "identical to the clean run" : "DIFFERS from the clean run")}; {kills} kills so far; load {LoadAverage()}");
        }

        Console.WriteLine($"summary: {kills} kills in {cycle} resumed indexes; {failures} failures; kill-and-resume time {(ratios.Count == 0 ? 0 : ratios.Average()):F2}x clean on average, worst {worstRatio:F2}x; largest WAL {worstWal / 1048576.0:F1} MiB");
        return failures == 0 ? 0 : 2;
    }

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

    private sealed record IndexRun(bool Killed, int ExitCode, TimeSpan Elapsed, long MaxWalBytes, long LastCommitted, string LastError);

    /// <summary>
    /// Runs <c>paperlsp index</c>; with <paramref name="killAtMs"/>, kills it (SIGKILL) that long after its start, but
    /// not before it printed a "committed" line when <paramref name="mustCommitFirst"/> (so every kill lands on a run
    /// that made progress). Samples the WAL size every 50 ms.
    /// </summary>
    private static IndexRun RunIndexer(string dll, string db, string corpus, int? killAtMs, bool mustCommitFirst)
    {
        var start = new ProcessStartInfo("dotnet", ["exec", dll, "--index", db, "index", corpus])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var clock = Stopwatch.StartNew();
        using var child = Process.Start(start)!;
        long lastCommitted = 0;
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
                committedThisRun.Set();
            }
        };
        child.OutputDataReceived += (_, _) => { };
        child.BeginErrorReadLine();
        child.BeginOutputReadLine();
        long maxWal = 0;
        var killed = false;
        while (!child.WaitForExit(50))
        {
            maxWal = Math.Max(maxWal, WalBytes(db));
            if (killAtMs is { } at && clock.ElapsedMilliseconds >= at && (!mustCommitFirst || committedThisRun.IsSet))
            {
                child.Kill(entireProcessTree: true);
                child.WaitForExit();
                killed = true;
                break;
            }
        }

        child.WaitForExit();
        maxWal = Math.Max(maxWal, WalBytes(db));
        return new IndexRun(killed, killed ? -9 : child.ExitCode, clock.Elapsed, maxWal, Interlocked.Read(ref lastCommitted), lastError);
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
