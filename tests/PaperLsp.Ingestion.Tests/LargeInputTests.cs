using System.Diagnostics;
using System.Text;
using PaperLsp.Ingestion.Model;
using PaperLsp.TestSupport;
using Xunit.Abstractions;

namespace PaperLsp.Ingestion.Tests;

/// <summary>Streaming in bounded memory: 100 MB inputs, 1 MB lines, over-limit lines. Memory is measured after full collections.</summary>
public sealed class LargeInputTests(ITestOutputHelper output) : IDisposable
{
    private const long HundredMegabytes = 100L * 1024 * 1024;
    private const long RetainedLimit = 64L * 1024 * 1024;
    private readonly TempFolder temp = new("paperlsp-ingestion");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Jsonl_of_100_megabytes_streams_in_bounded_memory()
    {
        var path = Path.Combine(temp.Path, "big.jsonl");
        var written = WriteUntil(path, HundredMegabytes, (writer, i) =>
            writer.Write($"{{\"arxiv_id\": \"2401.{i % 100000:00000}\", \"title\": \"Synthetic paper {i}\", \"abstract\": \"{Filler(i, 900)}\", \"authors\": [\"Ann Lee\", \"Bo Chen\"], \"date\": \"2024-01-02\", \"source\": \"test\"}}\n"));
        var (count, maxRetained, problems) = ReadMeasured(path);
        output.WriteLine($"jsonl: {count} records from {new FileInfo(path).Length / 1048576} MB, max retained heap {maxRetained / 1048576} MB");
        Assert.Equal(written, count);
        Assert.Empty(problems);
        Assert.True(maxRetained < RetainedLimit, $"retained {maxRetained / 1048576} MB while streaming");
    }

    [Fact]
    public void Listing_text_of_100_megabytes_streams_in_bounded_memory()
    {
        var path = Path.Combine(temp.Path, "big.txt");
        var written = WriteUntil(path, HundredMegabytes, (writer, i) =>
            writer.Write($"Synthetic Paper Number {i}\n\n{Filler(i, 1200)}\n\n  • 3 authors\n·\nJan 2, 2024 {i % 50}\n\n"));
        var (count, maxRetained, problems) = ReadMeasured(path);
        output.WriteLine($"listing: {count} papers from {new FileInfo(path).Length / 1048576} MB, max retained heap {maxRetained / 1048576} MB");
        Assert.Equal(written, count);
        Assert.Empty(problems);
        Assert.True(maxRetained < RetainedLimit, $"retained {maxRetained / 1048576} MB while streaming");
    }

    [Fact]
    public void One_megabyte_lines_are_parsed()
    {
        var abstractText = Filler(7, 1024 * 1024);
        var jsonl = Path.Combine(temp.Path, "wide.jsonl");
        File.WriteAllText(jsonl, $"{{\"arxiv_id\": \"2401.00001\", \"title\": \"Wide\", \"abstract\": \"{abstractText}\", \"authors\": []}}\n{{\"title\": \"Next\"}}\n");
        var (papers, problems) = Reading.ReadAll(jsonl);
        Assert.Empty(problems);
        Assert.Equal(2, papers.Count);
        Assert.Equal(abstractText.Trim().Length, papers[0].Abstract.Length);

        var listing = Path.Combine(temp.Path, "wide.txt");
        File.WriteAllText(listing, $"Wide Title\n\n{abstractText}\n\nSecond Title\n\nShort abstract.\n");
        (papers, problems) = Reading.ReadAll(listing);
        Assert.Empty(problems);
        Assert.Equal(2, papers.Count);
        Assert.Equal(abstractText.Trim().Length, papers[0].Abstract.Length);
    }

    [Fact]
    public void Over_limit_lines_are_reported_and_skipped()
    {
        var path = Path.Combine(temp.Path, "huge-line.jsonl");
        using (var writer = new StreamWriter(path))
        {
            writer.Write("{\"title\": \"Before\"}\n{\"title\": \"Huge\", \"abstract\": \"");
            var chunk = new string('a', 1024 * 1024);
            for (var i = 0; i < PapersJsonlLimitMegabytes + 2; i++)
            {
                writer.Write(chunk);
            }

            writer.Write("\"}\n{\"title\": \"After\"}\n");
        }

        var (papers, problems) = Reading.ReadAll(path);
        Assert.Equal(["Before", "After"], papers.Select(p => p.Title));
        var problem = Assert.Single(problems);
        Assert.Equal(2, problem.Line);
    }

    [SkippableFact]
    [Trait("Category", "Slow")]
    public void Whole_237k_corpus_parses_fast()
    {
        var path = SharedData.RequireOrSkip("corpus/papers-237k.jsonl.gz");
        var problems = new List<ParseProblem>();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        var count = 0;
        var withArxiv = 0;
        var withAuthors = 0;
        foreach (var paper in SourceReader.Read(path, problems.Add))
        {
            count++;
            withArxiv += paper.ArxivId is null ? 0 : 1;
            withAuthors += paper.Authors.Count > 0 ? 1 : 0;
        }

        stopwatch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        output.WriteLine($"237k corpus: {count} records in {stopwatch.Elapsed.TotalSeconds:F1} s wall ({cpu.TotalSeconds:F1} s CPU) = {count / stopwatch.Elapsed.TotalSeconds:F0} papers/s; {withArxiv} with arXiv id, {withAuthors} with authors, {problems.Count} problems");
        foreach (var problem in problems.Take(10))
        {
            output.WriteLine($"  line {problem.Line}: {problem.Message}");
        }

        Assert.Equal(237_216, count);
        Assert.Equal(237_216 - 416, withArxiv);
    }

    private const int PapersJsonlLimitMegabytes = Parsers.PapersJsonlParser.MaxLineBytes / (1024 * 1024);

    private static (int Count, long MaxRetained, List<ParseProblem> Problems) ReadMeasured(string path)
    {
        var problems = new List<ParseProblem>();
        var count = 0;
        long maxRetained = 0;
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        foreach (var paper in SourceReader.Read(path, problems.Add))
        {
            count++;
            if (count % 25_000 == 0)
            {
                maxRetained = Math.Max(maxRetained, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }

            Assert.False(string.IsNullOrEmpty(paper.Title));
        }

        return (count, maxRetained, problems);
    }

    private static int WriteUntil(string path, long bytes, Action<StreamWriter, int> writeRecord)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
        var i = 0;
        while (writer.BaseStream.Length < bytes)
        {
            writeRecord(writer, i++);
            if (i % 1000 == 0)
            {
                writer.Flush();
            }
        }

        return i;
    }

    private static string Filler(int seed, int length)
    {
        var words = new[] { "model", "language", "scaling", "we", "propose", "attention", "reasoning", "benchmark", "results", "show" };
        var builder = new StringBuilder(length + 16);
        var k = seed;
        while (builder.Length < length)
        {
            builder.Append(words[k++ % words.Length]).Append(' ');
        }

        builder.Length = length;
        return builder.ToString();
    }
}
