using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PaperLsp.Features.Catalog;
using PaperLsp.Retrieval;
using PaperLsp.Retrieval.Evaluation;
using PaperLsp.Storage;

namespace PaperLsp.Benchmarks.Lucene;

/// <summary>
/// <c>lucene --index DB [--work DIR] [--probes N] [--rounds N] [--no-cold]</c>: issue 15's measured comparison of our
/// lexical engine (BM25 over the memory-mapped postings file, <see cref="MappedLexicalIndex"/>) with Lucene.Net 4.8
/// (<see cref="LuceneLexicalIndex"/>), in one run, alternating engines: build time (wall and CPU) and size on disk;
/// open-to-first-result in a fresh process, warm and cold (files evicted with <c>dd iflag=nocache</c>, checked with
/// <c>fincore</c>); query latency over the eval's sentences (authored contexts and the real LaTeX citing sentences) and
/// short typed queries; the process's RSS after the set; hit@1/hit@10/MRR@10 of each on the eval sets, same query text.
/// The index is only read; both engines are written under DIR (default: beside the index).
/// </summary>
internal static class LuceneComparisonBenchmark
{
    private static readonly string[] ShortQueries =
    [
        "transformer", "diffusion models", "chain of thought", "retrieval augmented generation", "code agents",
        "monte carlo tree search", "reward model", "speculative decoding", "vision language", "graph neural networks",
    ];

    public static int Run(string[] args)
    {
        var index = BenchArgs.Value(args, "--index");
        if (index is null || !File.Exists(index))
        {
            Console.Error.WriteLine("lucene: --index must name an existing index");
            return 1;
        }

        index = Path.GetFullPath(index);
        var work = Path.GetFullPath(BenchArgs.Value(args, "--work") ?? index + ".lucene-bench");
        var probes = int.Parse(BenchArgs.Value(args, "--probes") ?? "3", CultureInfo.InvariantCulture);
        var rounds = BenchArgs.Value(args, "--rounds") ?? "2";
        Directory.CreateDirectory(work);
        var oursPath = Path.Combine(work, "ours.lexical");
        var lucenePath = Path.Combine(work, "lucene");
        var queriesPath = Path.Combine(work, "queries.txt");

        using var store = PaperStore.Open(index, createIfMissing: false);
        var (authored, latex) = LoadEvalSets();
        var sentences = authored.Concat(latex).Select(q => q.Text).ToList();
        File.WriteAllLines(queriesPath, sentences.Concat(ShortQueries).Select(q => q.ReplaceLineEndings(" ")));
        Console.WriteLine($"lucene: {index} ({store.Count():N0} papers); {Environment.ProcessorCount} cores; {Uptime()}");
        Console.WriteLine($"query set: {authored.Count} authored contexts + {latex.Count} LaTeX citing sentences + {ShortQueries.Length} short queries, {rounds} rounds per probe");

        // Builds: ours (the postings file, from FTS5) then Lucene (from the papers table's text).
        var oursBuild = Measure(() => LexicalPostingsFile.Write(store, oursPath));
        var oursBytes = new FileInfo(oursPath).Length;
        Console.WriteLine($"build ours: {oursBuild.Wall.TotalSeconds:F1} s wall, {oursBuild.Cpu.TotalSeconds:F1} s CPU, {oursBytes / 1048576.0:F1} MiB; {Uptime()}");
        if (Directory.Exists(lucenePath))
        {
            Directory.Delete(lucenePath, recursive: true);
        }

        var count = 0;
        var luceneBuild = Measure(() => count = LuceneLexicalIndex.Build(index, lucenePath));
        var (luceneFiles, luceneBytes) = LuceneLexicalIndex.Size(lucenePath);
        int segments;
        using (var opened = LuceneLexicalIndex.Open(lucenePath))
        {
            segments = opened.Segments;
        }

        Console.WriteLine($"build Lucene: {count:N0} papers, {luceneBuild.Wall.TotalSeconds:F1} s wall, {luceneBuild.Cpu.TotalSeconds:F1} s CPU, " +
                          $"{luceneBytes / 1048576.0:F1} MiB in {luceneFiles} files, {segments} segments; {Uptime()}");

        // Fresh processes, alternating which engine goes first; warm (files cached: written or read just before) then cold.
        var warm = new Dictionary<string, List<LuceneProbeResult>> { ["ours"] = [], ["lucene"] = [] };
        for (var p = 0; p < probes; p++)
        {
            foreach (var engine in p % 2 == 0 ? new[] { "ours", "lucene" } : ["lucene", "ours"])
            {
                var r = Probe(engine, engine == "ours" ? oursPath : lucenePath, queriesPath, rounds);
                warm[engine].Add(r);
                Console.WriteLine($"probe {p + 1} {engine,-6} warm: open {r.OpenMs:F0} ms, first result {r.FirstResultMs:F0} ms, RSS {r.RssMiB:F0} MiB (anon {r.AnonMiB:F0}, file {r.FileMiB:F0}); {Uptime()}");
            }
        }

        var cold = new Dictionary<string, LuceneProbeResult>();
        if (!BenchArgs.Flag(args, "--no-cold"))
        {
            foreach (var engine in new[] { "ours", "lucene" })
            {
                var files = engine == "ours" ? [oursPath] : Directory.GetFiles(lucenePath);
                Console.WriteLine($"evicted {engine}: {Evict(files)}");
                var r = Probe(engine, engine == "ours" ? oursPath : lucenePath, queriesPath, rounds);
                cold[engine] = r;
                Console.WriteLine($"probe {engine,-6} cold: open {r.OpenMs:F0} ms, first result {r.FirstResultMs:F0} ms, RSS {r.RssMiB:F0} MiB (anon {r.AnonMiB:F0}, file {r.FileMiB:F0}); {Uptime()}");
            }
        }

        // Ranking quality, same query text to both engines, top 10.
        using var ours = MappedLexicalIndex.Open(oursPath);
        using var lucene = LuceneLexicalIndex.Open(lucenePath);
        using var stock = LuceneLexicalIndex.Open(lucenePath, stock: true);
        var rankings = new (string Name, Func<string, IReadOnlyList<(long Id, double Score)>> Search)[]
        {
            ("ours (postings file)", q => ours.Search(q, 10)),
            ("Lucene (FTS5 idf/avgdl)", q => lucene.Search(q, 10)),
            ("Lucene stock BM25", q => stock.Search(q, 10)),
        };
        var quality = new Dictionary<(string Set, string Ranking), EvaluationMetrics>();
        Console.WriteLine($"{"set",-24} {"ranking",-26} {"n",4} {"hit@1",6} {"hit@10",6} {"MRR@10",6}");
        foreach (var (set, queries) in new[] { ("authored contexts", authored), ("LaTeX citing sentences", latex) })
        {
            foreach (var (name, search) in rankings)
            {
                var m = EvaluationMetrics.FromRanks(queries.Select(q => Rank(store, search(q.Text), q)).ToList());
                quality[(set, name)] = m;
                Console.WriteLine($"{set,-24} {name,-26} {m.Queries,4} {m.HitAt1,6:F3} {m.HitAt10,6:F3} {m.MrrAt10,6:F3}");
            }

            // The eval's own path (paperlsp eval's BM25 row: the lexical-only catalog over the index's postings file).
            using var catalog = new HybridPaperCatalog(store, null, RetrievalWeights.LexicalOnly, lexical: LexicalIndexing.Immediate);
            var e = EvaluationMetrics.FromRanks(RetrievalEvaluator.Ranks(catalog, queries));
            Console.WriteLine($"{set,-24} {"(paperlsp eval BM25 row)",-26} {e.Queries,4} {e.HitAt1,6:F3} {e.HitAt10,6:F3} {e.MrrAt10,6:F3}");
            var sameTop = queries.Count(q => ours.Search(q.Text, 10).Select(h => h.Id).SequenceEqual(lucene.Search(q.Text, 10).Select(h => h.Id)));
            var sameFirst = queries.Count(q => ours.Search(q.Text, 1).Select(h => h.Id).SequenceEqual(lucene.Search(q.Text, 1).Select(h => h.Id)));
            var shared = queries.Average(q => ours.Search(q.Text, 10).Select(h => h.Id).Intersect(lucene.Search(q.Text, 10).Select(h => h.Id)).Count());
            Console.WriteLine($"{set,-24} ours vs Lucene (FTS5 idf/avgdl): same top 10 in order for {sameTop} of {queries.Count}, same first for {sameFirst}, " +
                              $"{shared:F1} of the 10 papers shared on average");
        }

        PrintSummary(oursBuild, oursBytes, luceneBuild, luceneBytes, warm, cold, sentences.Count, quality);
        Console.WriteLine($"end: {Uptime()}");
        if (!BenchArgs.Flag(args, "--keep"))
        {
            File.Delete(oursPath);
            Directory.Delete(lucenePath, recursive: true);
        }

        return 0;
    }

    /// <summary><c>lucene-probe --engine ours|lucene --path P --queries F --rounds N</c>: one fresh process's measures, as JSON.</summary>
    public static int Probe(string[] args)
    {
        var clock = Stopwatch.StartNew();
        var engine = BenchArgs.Value(args, "--engine")!;
        var path = BenchArgs.Value(args, "--path")!;
        var queries = File.ReadAllLines(BenchArgs.Value(args, "--queries")!);
        var rounds = int.Parse(BenchArgs.Value(args, "--rounds") ?? "1", CultureInfo.InvariantCulture);
        IDisposable opened;
        Func<string, int> search;
        if (engine == "ours")
        {
            var ours = MappedLexicalIndex.Open(path);
            (opened, search) = (ours, q => ours.Search(q, 20).Count);
        }
        else
        {
            var lucene = LuceneLexicalIndex.Open(path);
            (opened, search) = (lucene, q => lucene.Search(q, 20).Count);
        }

        var open = clock.Elapsed.TotalMilliseconds;
        search(queries[0]);
        var first = clock.Elapsed.TotalMilliseconds;
        var times = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var query in queries)
            {
                var q = Stopwatch.StartNew();
                search(query);
                times.Add(q.Elapsed.TotalMilliseconds);
            }
        }

        var memory = ProcMemory.Read(Environment.ProcessId);
        Console.WriteLine("PROBE " + JsonSerializer.Serialize(new LuceneProbeResult(engine, open, first, times.ToArray(),
            (memory?.Rss ?? 0) / 1048576.0, (memory?.Anon ?? 0) / 1048576.0, (memory?.File ?? 0) / 1048576.0, (memory?.Peak ?? 0) / 1048576.0)));
        opened.Dispose();
        return 0;
    }

    private static LuceneProbeResult Probe(string engine, string path, string queries, string rounds)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { typeof(LuceneComparisonBenchmark).Assembly.Location, "lucene-probe", "--engine", engine, "--path", path, "--queries", queries, "--rounds", rounds })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("PROBE ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"lucene-probe {engine} failed (exit {process.ExitCode}): {output}");
        return JsonSerializer.Deserialize<LuceneProbeResult>(line["PROBE ".Length..])!;
    }

    private static int? Rank(PaperStore store, IReadOnlyList<(long Id, double Score)> hits, EvaluationQuery query)
    {
        var papers = store.GetMany(hits.Select(h => h.Id).ToList()).ToDictionary(p => p.Id);
        for (var r = 0; r < hits.Count && r < 10; r++)
        {
            if (papers.TryGetValue(hits[r].Id, out var paper) && RetrievalEvaluator.IsAnswer(paper, query))
            {
                return r + 1;
            }
        }

        return null;
    }

    private static (IReadOnlyList<EvaluationQuery> Authored, IReadOnlyList<EvaluationQuery> Latex) LoadEvalSets()
    {
        var shared = SharedPaths.Root() ?? throw new InvalidOperationException("lucene: the shared data folder (eval, latex) was not found; set PAPERLSP_SHARED");
        var authored = EvaluationSets.LoadTsv(Path.Combine(shared, "eval", "context-queries.tsv"));
        var latex = Directory.GetDirectories(Path.Combine(shared, "latex")).Order(StringComparer.Ordinal)
            .Where(d => File.Exists(Path.Combine(d, "citation_overlap.json")))
            .SelectMany(d => EvaluationSets.LoadLatexPaper(d).Queries).ToList();
        return (authored, latex);
    }

    private static (TimeSpan Wall, TimeSpan Cpu) Measure(Action build)
    {
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        build();
        self.Refresh();
        return (wall.Elapsed, self.TotalProcessorTime - cpu);
    }

    /// <summary>Drops the files from the OS page cache (sync, then <c>dd iflag=nocache count=0</c>); says what stays cached.</summary>
    private static string Evict(IReadOnlyList<string> files)
    {
        long total = 0, cached = 0;
        foreach (var file in files)
        {
            Run("sync", file);
            Run("dd", $"if={file}", "iflag=nocache", "count=0", "status=none");
            total += new FileInfo(file).Length;
            cached += long.TryParse(Run("fincore", "-b", "-n", "-o", "RES", file).Trim(), out var res) ? res : 0;
        }

        return $"{cached / 1048576.0:F1} of {total / 1048576.0:F1} MiB still cached (fincore)";
    }

    private static string Run(string command, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args)
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }

    private static string Uptime() => "load average " + EndToEndBenchmark.LoadAverage();

    private static void PrintSummary(
        (TimeSpan Wall, TimeSpan Cpu) oursBuild, long oursBytes, (TimeSpan Wall, TimeSpan Cpu) luceneBuild, long luceneBytes,
        Dictionary<string, List<LuceneProbeResult>> warm, Dictionary<string, LuceneProbeResult> cold, int sentences,
        Dictionary<(string Set, string Ranking), EvaluationMetrics> quality)
    {
        var rows = new List<(string Measure, double Ours, double Lucene, string Format)>
        {
            ("build, wall (s)", oursBuild.Wall.TotalSeconds, luceneBuild.Wall.TotalSeconds, "F1"),
            ("build, CPU (s)", oursBuild.Cpu.TotalSeconds, luceneBuild.Cpu.TotalSeconds, "F1"),
            ("size on disk (MiB)", oursBytes / 1048576.0, luceneBytes / 1048576.0, "F1"),
            ("open, warm, median (ms)", Median(warm["ours"].Select(r => r.OpenMs)), Median(warm["lucene"].Select(r => r.OpenMs)), "F0"),
            ("open to first result, warm, median (ms)", Median(warm["ours"].Select(r => r.FirstResultMs)), Median(warm["lucene"].Select(r => r.FirstResultMs)), "F0"),
        };
        if (cold.Count == 2)
        {
            rows.Add(("open to first result, cold (ms)", cold["ours"].FirstResultMs, cold["lucene"].FirstResultMs, "F0"));
        }

        foreach (var (label, pick) in new (string, Func<LuceneProbeResult, IEnumerable<double>>)[]
                 {
                     ("sentences", r => Slices(r, sentences, sentence: true)),
                     ("short queries", r => Slices(r, sentences, sentence: false)),
                 })
        {
            var o = warm["ours"].SelectMany(pick).Order().ToList();
            var l = warm["lucene"].SelectMany(pick).Order().ToList();
            foreach (var (name, p) in new[] { ("p50", 0.5), ("p90", 0.9), ("p99", 0.99) })
            {
                rows.Add(($"top-20 {label} {name} (ms, n={o.Count})", LatencyRecorder.Percentile(o, p), LatencyRecorder.Percentile(l, p), "F2"));
            }
        }

        rows.Add(("RSS after the query set, median (MiB)", Median(warm["ours"].Select(r => r.RssMiB)), Median(warm["lucene"].Select(r => r.RssMiB)), "F0"));
        rows.Add(("  of it anonymous (MiB)", Median(warm["ours"].Select(r => r.AnonMiB)), Median(warm["lucene"].Select(r => r.AnonMiB)), "F0"));
        rows.Add(("  of it file-backed (MiB)", Median(warm["ours"].Select(r => r.FileMiB)), Median(warm["lucene"].Select(r => r.FileMiB)), "F0"));
        foreach (var ((set, ranking), m) in quality.Where(q => q.Key.Ranking.StartsWith("ours", StringComparison.Ordinal)))
        {
            var l = quality[(set, "Lucene (FTS5 idf/avgdl)")];
            rows.Add(($"{set} hit@1", m.HitAt1, l.HitAt1, "F3"));
            rows.Add(($"{set} hit@10", m.HitAt10, l.HitAt10, "F3"));
            rows.Add(($"{set} MRR@10", m.MrrAt10, l.MrrAt10, "F3"));
        }

        Console.WriteLine();
        Console.WriteLine("SUMMARY lexical engines (one run, alternating; ratio = Lucene / ours)");
        Console.WriteLine($"| {"measure (" + warm["ours"].Count + " warm probes each)",-48} | {"ours",10} | {"Lucene",10} | {"ratio",7} |");
        Console.WriteLine($"| {new string('-', 48)} | {new string('-', 10)} | {new string('-', 10)} | {new string('-', 7)} |");
        foreach (var (measure, o, l, format) in rows)
        {
            var ratio = o == 0 ? "—" : (l / o).ToString("F2", CultureInfo.InvariantCulture);
            Console.WriteLine($"| {measure,-48} | {o.ToString(format, CultureInfo.InvariantCulture),10} | {l.ToString(format, CultureInfo.InvariantCulture),10} | {ratio,7} |");
        }
    }

    /// <summary>The probe's latencies of sentence queries (the first <paramref name="sentences"/> of each round) or of short ones.</summary>
    private static IEnumerable<double> Slices(LuceneProbeResult r, int sentences, bool sentence)
    {
        var perRound = sentences + ShortQueries.Length;
        return r.QueryMs.Where((_, i) => (i % perRound < sentences) == sentence);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : LatencyRecorder.Percentile(sorted, 0.5);
    }
}
