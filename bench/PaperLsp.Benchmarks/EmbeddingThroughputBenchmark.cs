using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using PaperLsp.Embeddings;
using PaperLsp.Embeddings.Models;
using PaperLsp.Embeddings.Runtime;

namespace PaperLsp.Benchmarks;

/// <summary>
/// <c>embed [papers=2000] [intraOpThreads=2] [model-folder]</c>: papers/s for embedding "title. abstract"
/// (truncated to the model's max tokens) with the default model, sampling evenly across
/// shared/corpus/papers-237k.jsonl.gz, and the extrapolated time for the whole corpus.
/// </summary>
internal static class EmbeddingThroughputBenchmark
{
    private const int CorpusSize = 237_216;

    public static int Run(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000;
        var threads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
        var modelFolder = args.Length > 2 ? args[2] : ModelLocator.FindDefault();
        if (modelFolder is null)
        {
            Console.Error.WriteLine("embed: no prepared model (run scripts/fetch-model.sh)");
            return 1;
        }

        var corpus = FindCorpus();
        if (corpus is null)
        {
            Console.Error.WriteLine("embed: shared/corpus/papers-237k.jsonl.gz not found (set PAPERLSP_SHARED)");
            return 1;
        }

        var texts = SampleTexts(corpus, count);
        Console.WriteLine($"embedding {texts.Count:N0} papers (title + abstract) sampled from {Path.GetFileName(corpus)}; {Environment.ProcessorCount} cores, intra-op threads {threads}");

        foreach (var batch in new[] { 1, 16, 32, 64 })
        {
            using var embedder = OnnxTextEmbedder.Open(modelFolder, new EmbedderOptions
            {
                Provider = ExecutionProviderPreference.Cpu,
                IntraOpThreads = threads,
                MaxBatchSize = batch,
                MaxBatchTokens = batch * 128,
            });
            if (batch == 1)
            {
                var tokenWatch = Stopwatch.StartNew();
                var lengths = texts.Select(t => embedder.Tokenizer.Encode(t).Length).ToArray();
                var tokenSeconds = tokenWatch.Elapsed.TotalSeconds;
                Console.WriteLine($"model {embedder.Info.Id} on {embedder.ActiveProvider}; tokens/paper mean {lengths.Average():F1}, truncated at {embedder.Tokenizer.MaxTokens}: {lengths.Count(l => l >= embedder.Tokenizer.MaxTokens) * 100.0 / lengths.Length:F0}%; tokenizing alone {texts.Count / tokenSeconds:N0} papers/s");
            }

            embedder.Embed(texts.Take(64).ToList());
            var subset = batch == 1 ? texts.Take(Math.Min(texts.Count, 300)).ToList() : texts;
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var vectors = embedder.Embed(subset);
            var seconds = watch.Elapsed.TotalSeconds;
            var cpuPerPaper = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / subset.Count;
            var rate = subset.Count / seconds;
            var corpusTime = TimeSpan.FromSeconds(CorpusSize / rate);
            Console.WriteLine($"batch {batch,3}: {subset.Count,5} papers in {seconds,6:F1} s = {rate,7:F1} papers/s → {CorpusSize:N0} papers in {corpusTime.TotalMinutes:F0} min ({corpusTime.TotalHours:F2} h); CPU {cpuPerPaper * 1000:F1} ms/paper → {CorpusSize * cpuPerPaper / threads / 60:F0} min if {threads} cores were ours alone; dim {vectors[0].Length}");
        }

        return 0;
    }

    private static List<string> SampleTexts(string corpus, int count)
    {
        var stride = Math.Max(1, CorpusSize / count);
        var texts = new List<string>(count);
        using var stream = new GZipStream(File.OpenRead(corpus), CompressionMode.Decompress);
        using var reader = new StreamReader(stream);
        var line = 0;
        while (texts.Count < count && reader.ReadLine() is { } json)
        {
            if (line++ % stride != 0)
            {
                continue;
            }

            using var doc = JsonDocument.Parse(json);
            var title = doc.RootElement.TryGetProperty("title", out var t) ? t.GetString() : null;
            var summary = doc.RootElement.TryGetProperty("abstract", out var a) ? a.GetString() : null;
            texts.Add($"{title}. {summary}");
        }

        return texts;
    }

    private static string? FindCorpus()
    {
        var shared = Environment.GetEnvironmentVariable("PAPERLSP_SHARED");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); shared is null && dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PaperLsp.sln")))
            {
                shared = Path.Combine(dir.FullName, "..", "shared");
            }
        }

        var path = shared is null ? null : Path.Combine(shared, "corpus", "papers-237k.jsonl.gz");
        return path is not null && File.Exists(path) ? path : null;
    }
}
