using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using PaperLsp.Embeddings;
using PaperLsp.Embeddings.Models;
using PaperLsp.Embeddings.Quantization;
using PaperLsp.Embeddings.Runtime;
using PaperLsp.Retrieval.Evaluation;

namespace PaperLsp.Benchmarks;

/// <summary>
/// <c>quant [--papers 1000] [--threads 2] [--precisions float32,int8] [--rewrite-runs 3]</c>: the default model with float32 and with int8
/// MatMul weights (quantized by PaperLsp on load), in one run over the same texts as <c>embed</c> (papers sampled
/// evenly across the 237k corpus plus the papers the LaTeX papers cite; the real citing sentences and the authored
/// context queries as queries): load time (quantization included) and resident set after load, papers/s and CPU
/// ms/paper, single-query latency p50/p99, MRR@10 / hit@10 ranking the papers by cosine, and the cosine similarity of
/// each precision's vectors to the first precision's (papers and queries). The first precision's resident set is the
/// only one not shared with an earlier model: swap the order for the other's.
/// </summary>
internal static class QuantizationBenchmark
{
    private const int CorpusSize = 237_332;

    public static int Run(string[] args)
    {
        var count = int.Parse(BenchArgs.Value(args, "--papers") ?? "1000", CultureInfo.InvariantCulture);
        var threads = int.Parse(BenchArgs.Value(args, "--threads") ?? "2", CultureInfo.InvariantCulture);
        var precisions = (BenchArgs.Value(args, "--precisions") ?? "float32,int8").Split(',')
            .Select(p => p.Trim() == "int8" ? WeightPrecision.Int8 : WeightPrecision.Float32).ToArray();
        var location = ModelLocator.Resolve(null);
        var corpus = SharedPaths.Corpus237k();
        var root = SharedPaths.Root();
        if (location is null || corpus is null || root is null)
        {
            Console.Error.WriteLine("quant: needs the model (dotnet restore), shared/corpus/papers-237k.jsonl.gz, shared/latex and shared/eval");
            return 1;
        }

        var latexQueries = Directory.GetDirectories(Path.Combine(root, "latex")).OrderBy(d => d, StringComparer.Ordinal)
            .SelectMany(d => EvaluationSets.LoadLatexPaper(d).Queries).Where(q => q.AnswerArxivIds.Count > 0).ToList();
        var queryTexts = latexQueries.Select(q => q.Text)
            .Concat(EvaluationSets.LoadTsv(Path.Combine(root, "eval", "context-queries.tsv")).Select(q => q.Text)).ToList();
        var answers = latexQueries.SelectMany(q => q.AnswerArxivIds).ToHashSet(StringComparer.Ordinal);
        var (ids, texts) = EmbeddingThroughputBenchmark.Sample(corpus, count, answers);
        Console.WriteLine($"quant: {texts.Count:N0} papers, {queryTexts.Count} query sentences ({latexQueries.Count} citing sentences); " +
            $"{Environment.ProcessorCount} cores, {threads} intra-op threads; load average {EndToEndBenchmark.LoadAverage()}");

        var rewriteRuns = int.Parse(BenchArgs.Value(args, "--rewrite-runs") ?? "3", CultureInfo.InvariantCulture);
        MeasureRewrite(location, rewriteRuns);
        var results = new List<(WeightPrecision Precision, float[][] Documents, float[][] Queries)>();
        foreach (var precision in precisions)
        {
            var watch = Stopwatch.StartNew();
            using var embedder = OnnxTextEmbedder.Open(location, new EmbedderOptions
            {
                Provider = ExecutionProviderPreference.Cpu,
                IntraOpThreads = threads,
                Weights = precision,
            });
            var loadMs = watch.Elapsed.TotalMilliseconds;
            GC.Collect();
            NativeHeap.Trim();
            var rss = ProcStatus.ResidentMiB();

            embedder.Embed(texts.Take(32).ToList(), EmbeddingRole.Document);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            watch.Restart();
            var documents = embedder.Embed(texts, EmbeddingRole.Document);
            var seconds = watch.Elapsed.TotalSeconds;
            var cpuPerPaper = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / texts.Count;
            var rate = texts.Count / seconds;

            var latencies = new List<double>();
            foreach (var query in queryTexts)
            {
                watch.Restart();
                embedder.Embed(query, EmbeddingRole.Query);
                latencies.Add(watch.Elapsed.TotalMilliseconds);
            }

            latencies.Sort();
            var queries = embedder.Embed(queryTexts, EmbeddingRole.Query);
            var (mrr, hit) = EmbeddingThroughputBenchmark.Quality(embedder, EmbeddingRole.Query, latexQueries, ids, documents);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{embedder.Info.Id} [{embedder.WeightsDescription}]: load {loadMs:F0} ms, RSS after load {rss:F0} MiB; {rate:F1} papers/s " +
                $"→ {CorpusSize:N0} in {CorpusSize / rate / 60:F0} min; CPU {cpuPerPaper:F1} ms/paper; query latency p50 {Percentile(latencies, 0.50):F1} " +
                $"p99 {Percentile(latencies, 0.99):F1} ms; MRR@10 {mrr:F3} hit@10 {hit:F3}; load average {EndToEndBenchmark.LoadAverage()}"));
            results.Add((precision, documents, queries));
        }

        foreach (var other in results.Skip(1))
        {
            Console.WriteLine($"cosine {other.Precision} vs {results[0].Precision}: papers {Cosines(results[0].Documents, other.Documents)}; queries {Cosines(results[0].Queries, other.Queries)}");
        }

        return 0;
    }

    /// <summary>The rewrite alone, <paramref name="runs"/> times (0 for a clean resident-set figure): wall-clock and process CPU time (the rest of the process is idle meanwhile).</summary>
    private static void MeasureRewrite(ModelLocation location, int runs)
    {
        if (runs <= 0)
        {
            return;
        }

        var source = AssemblyResources.Read(location.ModelPath, location.Manifest.ModelFile);
        for (var i = 0; i < runs; i++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var rewritten = OnnxWeightQuantizer.Quantize(source);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"quantize: {rewritten.QuantizedMatMuls} of {rewritten.MatMuls} MatMuls, {source.Length / 1048576.0:F1} → {rewritten.Bytes.Length / 1048576.0:F1} MiB in " +
                $"{clock.Elapsed.TotalMilliseconds:F0} ms ({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:F0} ms CPU); load average {EndToEndBenchmark.LoadAverage()}"));
        }
    }

    private static string Cosines(float[][] reference, float[][] other)
    {
        var cosines = reference.Select((r, i) => (double)TensorPrimitives.CosineSimilarity(r, other[i])).Order().ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"mean {cosines.Average():F4}, p1 {Percentile(cosines, 0.01):F4}, min {cosines[0]:F4} (n={cosines.Count})");
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
