using System.Diagnostics;
using PaperLsp.Storage;

namespace PaperLsp.Benchmarks;

/// <summary>
/// <c>lexical --index DB [--rounds N]</c>: lexical (FTS5 BM25) top-20 latency on an existing index, with the 30 writer
/// contexts of shared/eval/context-queries.tsv (when present) and short typed queries; also key-prefix lookups.
/// Opens the index as PaperStore does (a copy is safest for an index another process is writing).
/// </summary>
internal static class LexicalSearchBenchmark
{
    private static readonly string[] ShortQueries =
    [
        "transformer", "diffusion models", "chain of thought", "retrieval augmented generation", "code agents",
        "monte carlo tree search", "reward model", "speculative decoding", "vision language", "graph neural networks",
    ];

    public static int Run(string[] args)
    {
        var index = BenchArgs.Value(args, "--index");
        var rounds = int.Parse(BenchArgs.Value(args, "--rounds") ?? "3", System.Globalization.CultureInfo.InvariantCulture);
        if (index is null || !File.Exists(index))
        {
            Console.Error.WriteLine("lexical: --index must name an existing index");
            return 1;
        }

        var contexts = new List<string>();
        if (SharedPaths.Root() is { } shared && File.Exists(Path.Combine(shared, "eval", "context-queries.tsv")))
        {
            contexts.AddRange(File.ReadLines(Path.Combine(shared, "eval", "context-queries.tsv"))
                .Where(l => l.Length > 0 && !l.StartsWith('#'))
                .Select(l => l.Split('\t')[0]));
        }

        var open = Stopwatch.StartNew();
        using var store = PaperStore.Open(index, createIfMissing: false);
        var count = store.Count();
        Console.WriteLine($"lexical: {index} ({new FileInfo(index).Length / 1048576.0:F0} MiB, {count:N0} papers), opened in {open.Elapsed.TotalMilliseconds:F0} ms; load average {EndToEndBenchmark.LoadAverage()}");
        var first = Stopwatch.StartNew();
        store.SearchLexical(ShortQueries[0], 20);
        Console.WriteLine($"first (cold) query: {first.Elapsed.TotalMilliseconds:F1} ms");

        Report("FTS5 bm25(): sentence contexts (30 eval queries)", contexts, q => store.SearchLexical(q, 20).Count, rounds);
        Report("FTS5 bm25(): short typed queries", ShortQueries, q => store.SearchLexical(q, 20).Count, rounds);

        // The previous design (postings copied into memory at every start) against the postings file mapped at start.
        var before = ProcStatus.ResidentMiB();
        var build = Stopwatch.StartNew();
        var memory = LexicalIndex.Build(store);
        Console.WriteLine($"previous design, in-memory postings: built in {build.Elapsed.TotalSeconds:F1} s (at every start), {memory.PostingCount:N0} postings, " +
                          $"~{memory.ApproximateBytes / 1048576.0:F0} MiB managed; RSS +{ProcStatus.ResidentMiB() - before:F0} MiB");
        Report("in-memory postings: sentence contexts", contexts, q => memory.Search(q, 20).Count, rounds);
        Report("in-memory postings: short typed queries", ShortQueries, q => memory.Search(q, 20).Count, rounds);

        var file = Path.Combine(Path.GetTempPath(), "paperlsp-lexical-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var write = Stopwatch.StartNew();
            LexicalPostingsFile.Write(store, file);
            Console.WriteLine($"postings file: written in {write.Elapsed.TotalSeconds:F1} s (once per index content), {new FileInfo(file).Length / 1048576.0:F0} MiB");
            var beforeMap = ProcStatus.ResidentMiB();
            var map = Stopwatch.StartNew();
            using var mapped = MappedLexicalIndex.Open(file);
            var current = mapped.IsCurrent(store);
            Console.WriteLine($"postings file: mapped and checked against the index in {map.Elapsed.TotalMilliseconds:F1} ms (current: {current})");
            var differ = contexts.Concat(ShortQueries).Count(q => !memory.Search(q, 20).SequenceEqual(mapped.Search(q, 20)));
            Report("mapped postings: sentence contexts", contexts, q => mapped.Search(q, 20).Count, rounds);
            Report("mapped postings: short typed queries", ShortQueries, q => mapped.Search(q, 20).Count, rounds);
            Console.WriteLine($"mapped postings: RSS +{ProcStatus.ResidentMiB() - beforeMap:F0} MiB after the queries (file pages touched); " +
                              $"top-20 identical to the in-memory postings for {contexts.Count + ShortQueries.Length - differ} of {contexts.Count + ShortQueries.Length} queries");
        }
        finally
        {
            memory.Dispose();
            File.Delete(file);
        }

        var prefixes = store.AllPapers().Take(200).Select(p => p.CitationKey[..Math.Min(3, p.CitationKey.Length)]).Distinct(StringComparer.Ordinal).Take(20).ToList();
        Report("key prefix lookups (top 20)", prefixes, p => store.KeysWithPrefix(p, 20).Count, rounds);
        return 0;
    }

    internal static void Report(string name, IReadOnlyList<string> queries, Func<string, int> run, int rounds)
    {
        if (queries.Count == 0)
        {
            return;
        }

        var times = new List<double>();
        var empty = 0;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var query in queries)
            {
                var clock = Stopwatch.StartNew();
                var hits = run(query);
                times.Add(clock.Elapsed.TotalMilliseconds);
                empty += hits == 0 ? 1 : 0;
            }
        }

        times.Sort();
        Console.WriteLine($"{name}: n={times.Count}, p50 {LatencyRecorder.Percentile(times, 0.5):F1} ms, p90 {LatencyRecorder.Percentile(times, 0.9):F1} ms, " +
                          $"p99 {LatencyRecorder.Percentile(times, 0.99):F1} ms, max {times[^1]:F1} ms; {empty} with no hits");
    }
}
