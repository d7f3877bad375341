namespace PaperLsp.Benchmarks;

/// <summary>Benchmark entry point: <c>dotnet run -c Release --project bench/PaperLsp.Benchmarks -- &lt;name&gt; [args]</c>.</summary>
internal static class Program
{
    private static readonly Dictionary<string, Func<string[], int>> Benchmarks = new(StringComparer.OrdinalIgnoreCase)
    {
        ["index"] = IndexingBenchmark.Run,
        ["vectors"] = VectorSearchBenchmark.Run,
        ["embed"] = EmbeddingThroughputBenchmark.Run,
        ["quant"] = QuantizationBenchmark.Run,
        ["synth"] = SyntheticCorpusGenerator.Run,
        ["e2e"] = EndToEndBenchmark.Run,
        ["pool"] = RequestLogPool.Run,
        ["lexical"] = LexicalSearchBenchmark.Run,
        ["synthetic-vectors"] = SyntheticVectorsBenchmark.Run,
        ["features"] = FeatureLatencyBenchmark.Run,
        ["fuzz-parsers"] = FuzzBenchmark.RunParsers,
        ["fuzz-lsp"] = FuzzBenchmark.RunLsp,
        ["kill"] = KillResumeBenchmark.Run,
        ["longline"] = LongLineBenchmark.Run,
        ["lucene"] = Lucene.LuceneComparisonBenchmark.Run,
        ["lucene-probe"] = Lucene.LuceneComparisonBenchmark.Probe,
    };

    public static int Main(string[] args)
    {
        if (args.Length == 0 || !Benchmarks.TryGetValue(args[0], out var run))
        {
            Console.Error.WriteLine("usage: PaperLsp.Benchmarks <" + string.Join("|", Benchmarks.Keys.Order(StringComparer.Ordinal)) + "> [args]");
            return 1;
        }

        return run(args[1..]);
    }
}
