using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using PaperLsp.Storage;

namespace PaperLsp.Benchmarks;

/// <summary>
/// <c>index [CORPUS] [--db PATH] [--keep]</c>: indexes a corpus (default: ../shared/corpus/papers-237k.jsonl.gz) into a fresh
/// index without embeddings, then re-runs it (everything unchanged) and samples lexical search; prints throughput, peak
/// working set and index size. A plain stopwatch run, not BenchmarkDotNet: one cold run is what a user waits for.
/// </summary>
internal static class IndexingBenchmark
{
    public static int Run(string[] args)
    {
        var corpus = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? FindSharedCorpus();
        if (corpus is null || !File.Exists(corpus) && !Directory.Exists(corpus))
        {
            Console.Error.WriteLine("index benchmark: corpus not found (pass a path, or put shared/ beside the checkout)");
            return 1;
        }

        var dbArg = Array.IndexOf(args, "--db");
        var keep = args.Contains("--keep");
        var temp = Path.Combine(Path.GetTempPath(), "paperlsp-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var db = dbArg >= 0 && dbArg + 1 < args.Length ? Path.GetFullPath(args[dbArg + 1]) : Path.Combine(temp, "index.db");
        if (File.Exists(db))
        {
            Console.Error.WriteLine($"index benchmark: {db} exists; give a fresh path");
            return 1;
        }

        Console.WriteLine($"corpus: {Path.GetFullPath(corpus)} ({Size(corpus) / 1048576.0:F1} MiB)");
        Console.WriteLine($"index:  {db}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        if (args.Contains("--parse-only"))
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var n = PaperIndexer.DefaultReader.Read(Path.GetFullPath(corpus), _ => { }).LongCount();
            Console.WriteLine($"parse only: {n:N0} records in {clock.Elapsed.TotalSeconds:F1} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s CPU");
            return 0;
        }

        try
        {
            using var store = PaperStore.Open(db);
            var indexer = new PaperIndexer(store);
            var lastPrint = Stopwatch.StartNew();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var report = indexer.Index([corpus], p =>
            {
                if (lastPrint.Elapsed.TotalSeconds >= 5)
                {
                    lastPrint.Restart();
                    Console.WriteLine($"  … {p.RecordsRead:N0} records");
                }
            });
            var peak = Process.GetCurrentProcess().PeakWorkingSet64;
            var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            Console.WriteLine($"cold index: {report.RecordsRead:N0} records → {report.PaperCount:N0} papers in {report.Elapsed.TotalSeconds:F1} s " +
                              $"= {report.RecordsRead / report.Elapsed.TotalSeconds:N0} records/s; {cpuUsed.TotalSeconds:F1} s CPU; {report.ProblemCount} problems");
            Console.WriteLine($"peak working set: {peak / 1048576.0:F0} MiB");

            var again = indexer.Index([corpus]);
            Console.WriteLine($"re-index (unchanged): {again.SourcesUnchanged}/{again.SourcesFound} sources skipped in {again.Elapsed.TotalMilliseconds:F0} ms");

            var queries = new[]
            {
                "last-iterate convergence of stochastic gradient descent",
                "large language models for code generation benchmarks",
                "retrieval augmented generation with long context",
                "vision transformer image classification",
                "reinforcement learning from human feedback reward model",
            };
            var times = new List<double>();
            for (var round = 0; round < 4; round++)
            {
                foreach (var q in queries)
                {
                    var sw = Stopwatch.StartNew();
                    store.SearchLexical(q, 20);
                    times.Add(sw.Elapsed.TotalMilliseconds);
                }
            }

            times.Sort();
            Console.WriteLine($"lexical search (top 20, {times.Count} queries): median {times[times.Count / 2]:F1} ms, max {times[^1]:F1} ms");
            var key = store.AllPapers().Take(1).Select(p => p.CitationKey).FirstOrDefault();
            var swKey = Stopwatch.StartNew();
            for (var i = 0; i < 1000; i++)
            {
                store.KeysWithPrefix(key?[..3] ?? "a", 20);
            }

            Console.WriteLine($"key prefix lookup (top 20): {swKey.Elapsed.TotalMilliseconds / 1000:F2} ms each");
            using (var c = new SqliteConnection($"Data Source={db};Pooling=False"))
            {
                c.Open();
                using var cmd = c.CreateCommand();
                cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                cmd.ExecuteNonQuery();
            }

            Console.WriteLine($"index size on disk: {Size(db) / 1048576.0:F0} MiB (+ wal {(File.Exists(db + "-wal") ? new FileInfo(db + "-wal").Length : 0) / 1048576.0:F0} MiB)");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (!keep && dbArg < 0 && Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    private static long Size(string path) => File.Exists(path)
        ? new FileInfo(path).Length
        : Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    private static string? FindSharedCorpus()
    {
        var env = Environment.GetEnvironmentVariable("PAPERLSP_SHARED");
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(env))
        {
            candidates.Add(Path.Combine(env, "corpus", "papers-237k.jsonl.gz"));
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            candidates.Add(Path.Combine(dir.FullName, "shared", "corpus", "papers-237k.jsonl.gz"));
        }

        return candidates.FirstOrDefault(File.Exists) is { } found ? found.ToString(CultureInfo.InvariantCulture) : null;
    }
}
