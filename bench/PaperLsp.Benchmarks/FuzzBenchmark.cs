using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using PaperLsp.Features.Text;
using PaperLsp.Ingestion.Model;
using PaperLsp.TestSupport.Fuzz;

namespace PaperLsp.Benchmarks;

/// <summary>
/// The long fuzz runs (not CI): <c>fuzz-parsers [--cases N] [--seed S]</c> runs N cases (default 10,000) against every
/// ingestion format and every citation-scanner language; <c>fuzz-lsp [--steps N] [--seed S] [--corpus DIR]</c> runs the
/// model-based LSP fuzz for N steps (default 10,000). The seed is printed first, and again with any failure.
/// Drivers: tests/PaperLsp.TestSupport/Fuzz (the test suite runs the same drivers with small counts).
/// </summary>
internal static class FuzzBenchmark
{
    public static int RunParsers(string[] args)
    {
        var cases = int.Parse(BenchArgs.Value(args, "--cases") ?? "10000", CultureInfo.InvariantCulture);
        var seed = Seed(args);
        var shared = SharedPaths.Root();
        Console.WriteLine($"fuzz-parsers: seed {seed}, {cases} cases per parser");
        var failures = 0;
        foreach (var (format, bytes, origin) in FormatSeeds(shared))
        {
            failures += Run($"{format} ({origin})", () => $"{ParserFuzz.RunSourceFormat(format, bytes, cases, seed)} papers parsed");
        }

        var tex = shared is null ? null : Directory.EnumerateFiles(Path.Combine(shared, "latex"), "*.tex", SearchOption.AllDirectories).Order(StringComparer.Ordinal).FirstOrDefault();
        var latexSeed = tex is null ? null : File.ReadAllText(tex);
        foreach (var language in new[] { DocumentLanguage.Latex, DocumentLanguage.Markdown, DocumentLanguage.Typst })
        {
            failures += Run($"citations/{language}", () => $"{ParserFuzz.RunCitationScanner(language, language == DocumentLanguage.Latex ? latexSeed : null, cases, seed)} key spans checked");
        }

        Console.WriteLine(failures == 0 ? "fuzz-parsers: no failures" : $"fuzz-parsers: {failures} parsers failed (seed {seed})");
        return failures == 0 ? 0 : 1;
    }

    public static int RunLsp(string[] args)
    {
        var steps = int.Parse(BenchArgs.Value(args, "--steps") ?? "10000", CultureInfo.InvariantCulture);
        var seed = Seed(args);
        var corpus = BenchArgs.Value(args, "--corpus") ?? (SharedPaths.RepoRoot() is { } repo ? Path.Combine(repo, "samples", "corpus") : null);
        Console.WriteLine($"fuzz-lsp: seed {seed}, {steps} steps, corpus {corpus ?? "(none)"}");
        var clock = Stopwatch.StartNew();
        try
        {
            var report = LspModelFuzz.RunAsync(steps, seed, corpus, Console.Out).GetAwaiter().GetResult();
            Console.WriteLine($"fuzz-lsp: no failures in {clock.Elapsed.TotalSeconds:F1} s — {report}");
            return 0;
        }
        catch (FuzzFailureException failure)
        {
            Console.WriteLine($"fuzz-lsp: FAILED (seed {seed}) — {failure.Message}");
            return 1;
        }
    }

    private static int Run(string name, Func<string> run)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var what = run();
            Console.WriteLine($"  {name}: ok, {what}, {clock.Elapsed.TotalSeconds:F1} s");
            return 0;
        }
        catch (FuzzFailureException failure)
        {
            Console.WriteLine($"  {name}: FAILED — {failure.Message}");
            return 1;
        }
    }

    private static int Seed(string[] args) =>
        BenchArgs.Value(args, "--seed") is { } given ? int.Parse(given, CultureInfo.InvariantCulture) : Random.Shared.Next();

    /// <summary>A real document per ingestion format (from ../shared when present, else a small inline one).</summary>
    private static IEnumerable<(SourceFormat Format, byte[] Bytes, string Origin)> FormatSeeds(string? shared)
    {
        (SourceFormat, string)[] files =
        [
            (SourceFormat.HuggingFaceHtml, "fixtures/hf-daily-papers/slbqc_dailay_paper_info/huggingface_papers.html"),
            (SourceFormat.HuggingFaceApiJson, "fixtures/hf-daily-papers/zzjjay_llm-paper-radar/hf_daily_response.json"),
            (SourceFormat.ArxivAtom, "fixtures/arxiv-api-atom/james-akl_xiv/arxiv_response.xml"),
            (SourceFormat.DblpXml, "fixtures/arxiv-api-atom/zhangyee_fastpaper-cli/dblp_search.xml"),
            (SourceFormat.Bibtex, "fixtures/bibtex/papercopilot_colm2024.bib"),
            (SourceFormat.ListingText, "corpus/seeds/001_a010596c54314e1e.txt"),
        ];
        foreach (var (format, relative) in files)
        {
            var path = shared is null ? null : Path.Combine(shared, relative);
            if (path is not null && File.Exists(path))
            {
                // Large fixtures are cut to about 64 KiB so that 10,000 cases stay minutes, not hours; a Hugging Face page
                // keeps its data payload whole (fewer papers) so that the payload path is fuzzed, not only the fallback.
                var bytes = File.ReadAllBytes(path);
                yield return format == SourceFormat.HuggingFaceHtml
                    ? (format, ParserFuzz.HuggingFaceHtmlSeed(bytes, 65536), "shared/" + relative + ", payload kept")
                    : (format, bytes.Length > 65536 ? bytes[..65536] : bytes, "shared/" + relative);
            }
            else
            {
                Console.WriteLine($"  {format}: shared/{relative} missing, skipped");
            }
        }

        yield return (SourceFormat.CslJson, Encoding.UTF8.GetBytes(
            """[{"id":"a","type":"article-journal","title":"Attention Is All You Need","author":[{"family":"Vaswani","given":"Ashish"}],"issued":{"date-parts":[[2017]]},"DOI":"10.1/x","abstract":"We propose."},{"id":"b","title":"Second","URL":"https://arxiv.org/abs/1706.03762"}]"""), "inline");
        var jsonl = shared is null ? null : Path.Combine(shared, "corpus", "papers-237k.jsonl.gz");
        if (jsonl is not null && File.Exists(jsonl))
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(jsonl), CompressionMode.Decompress));
            var lines = new StringBuilder();
            for (var i = 0; i < 40 && reader.ReadLine() is { } line; i++)
            {
                lines.Append(line).Append('\n');
            }

            yield return (SourceFormat.PapersJsonl, Encoding.UTF8.GetBytes(lines.ToString()), "shared/corpus/papers-237k.jsonl.gz, first 40 lines");
        }
    }
}
