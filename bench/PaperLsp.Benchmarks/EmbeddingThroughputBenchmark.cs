using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Numerics.Tensors;
using System.Text.Json;
using PaperLsp.Embeddings;
using PaperLsp.Embeddings.Models;
using PaperLsp.Embeddings.Runtime;
using PaperLsp.Retrieval.Evaluation;

namespace PaperLsp.Benchmarks;

/// <summary>
/// <c>embed [--papers 2000] [--threads 2] [--model NAME|DIR] [--tokens 64,128,256] [--batch 32]</c>: for each most-tokens
/// setting, papers/s embedding "title. abstract" (the indexer's text) of papers sampled evenly across
/// shared/corpus/papers-237k.jsonl.gz plus the papers cited by the LaTeX papers of shared/latex, the projected time
/// for the whole corpus, and the quality on those papers: each real citing sentence (with and without the model's query
/// prefix) ranks the sampled papers by cosine; MRR@10 and hit@10 of the cited papers.
/// </summary>
internal static class EmbeddingThroughputBenchmark
{
    private const int CorpusSize = 237_216;

    public static int Run(string[] args)
    {
        var count = int.Parse(BenchArgs.Value(args, "--papers") ?? "2000", CultureInfo.InvariantCulture);
        var threads = int.Parse(BenchArgs.Value(args, "--threads") ?? "2", CultureInfo.InvariantCulture);
        var batch = int.Parse(BenchArgs.Value(args, "--batch") ?? "32", CultureInfo.InvariantCulture);
        var tokens = (BenchArgs.Value(args, "--tokens") ?? "64,128,256").Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        var requested = BenchArgs.Value(args, "--model");
        var location = ModelLocator.Resolve(requested);
        var corpus = SharedPaths.Corpus237k();
        var latex = SharedPaths.Root() is { } root ? Path.Combine(root, "latex") : null;
        if (location is null || corpus is null || latex is null || !Directory.Exists(latex))
        {
            Console.Error.WriteLine("embed: needs the model (dotnet restore), shared/corpus/papers-237k.jsonl.gz and shared/latex");
            return 1;
        }

        var queries = Directory.GetDirectories(latex).OrderBy(d => d, StringComparer.Ordinal)
            .SelectMany(d => EvaluationSets.LoadLatexPaper(d).Queries).Where(q => q.AnswerArxivIds.Count > 0).ToList();
        var answers = queries.SelectMany(q => q.AnswerArxivIds).ToHashSet(StringComparer.Ordinal);
        var (ids, texts) = Sample(corpus, count, answers);
        Console.WriteLine($"embed: {texts.Count:N0} papers ({texts.Count - count} cited by the LaTeX papers, the rest sampled evenly), {queries.Count} citing sentences; " +
            $"{Environment.ProcessorCount} cores, {threads} intra-op threads, batch {batch}, load average {EndToEndBenchmark.LoadAverage()}");

        foreach (var maxTokens in tokens)
        {
            using var embedder = OnnxTextEmbedder.Open(location, new EmbedderOptions
            {
                Provider = ExecutionProviderPreference.Cpu,
                IntraOpThreads = threads,
                MaxBatchSize = batch,
                MaxBatchTokens = batch * maxTokens,
                MaxTokens = maxTokens,
            });
            var lengths = texts.Select(t => embedder.Tokenizer.Encode(t).Length).ToArray();
            embedder.Embed(texts.Take(32).ToList(), EmbeddingRole.Document);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var documents = embedder.Embed(texts, EmbeddingRole.Document);
            var seconds = watch.Elapsed.TotalSeconds;
            var cpuPerPaper = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / texts.Count;
            var rate = texts.Count / seconds;
            var withPrefix = Quality(embedder, EmbeddingRole.Query, queries, ids, documents);
            var withoutPrefix = Quality(embedder, EmbeddingRole.Document, queries, ids, documents);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{embedder.Info.Id}: tokens/paper {lengths.Average():F0} ({lengths.Count(l => l >= maxTokens) * 100.0 / lengths.Length:F0}% cut); " +
                $"{rate:F1} papers/s → {CorpusSize:N0} in {CorpusSize / rate / 60:F0} min; CPU {cpuPerPaper * 1000:F1} ms/paper; " +
                $"MRR@10 {withPrefix.Mrr:F3} hit@10 {withPrefix.Hit:F3} (query prefix) / {withoutPrefix.Mrr:F3} {withoutPrefix.Hit:F3} (none); load {EndToEndBenchmark.LoadAverage()}"));
        }

        return 0;
    }

    internal static (double Mrr, double Hit) Quality(OnnxTextEmbedder embedder, EmbeddingRole role, List<EvaluationQuery> queries, List<string> ids, float[][] documents)
    {
        var vectors = embedder.Embed(queries.Select(q => q.Text).ToList(), role);
        double mrr = 0, hit = 0;
        for (var q = 0; q < queries.Count; q++)
        {
            var scores = documents.Select((d, i) => (Score: TensorPrimitives.Dot(vectors[q], d), Id: ids[i]))
                .OrderByDescending(s => s.Score).Take(10).ToList();
            var rank = scores.FindIndex(s => queries[q].AnswerArxivIds.Contains(s.Id));
            if (rank >= 0)
            {
                mrr += 1.0 / (rank + 1);
                hit++;
            }
        }

        return (mrr / queries.Count, hit / queries.Count);
    }

    internal static (List<string> Ids, List<string> Texts) Sample(string corpus, int count, HashSet<string> answers)
    {
        var stride = Math.Max(1, CorpusSize / count);
        var ids = new List<string>();
        var texts = new List<string>();
        var sampled = 0;
        using var stream = new GZipStream(File.OpenRead(corpus), CompressionMode.Decompress);
        using var reader = new StreamReader(stream);
        var line = 0;
        while (reader.ReadLine() is { } json)
        {
            using var doc = JsonDocument.Parse(json);
            var id = doc.RootElement.TryGetProperty("arxiv_id", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() ?? "" : "";
            var isAnswer = answers.Contains(id);
            var isSample = line++ % stride == 0 && sampled < count;
            if (!isAnswer && !isSample)
            {
                continue;
            }

            sampled += isSample && !isAnswer ? 1 : 0;
            var title = doc.RootElement.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
            var summary = doc.RootElement.TryGetProperty("abstract", out var s) ? s.GetString() ?? "" : "";
            ids.Add(id);
            texts.Add(summary.Length == 0 ? title : title + ". " + summary);
        }

        return (ids, texts);
    }
}
