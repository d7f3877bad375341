using System.IO.Compression;
using System.Text;
using CsCheck;
using PaperLsp.Ingestion.Model;
using PaperLsp.TestSupport;
using PaperLsp.TestSupport.Fuzz;
using Xunit.Abstractions;

namespace PaperLsp.Ingestion.Tests;

/// <summary>
/// Random and mutated inputs (truncations, byte flips, insertions, deletions, duplications of real fixtures) never throw and
/// never hang: every case must finish within <see cref="CaseLimit"/>.
/// </summary>
public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(20);

    private static readonly Gen<(int Kind, double Position, double Length, byte Value)> Mutation =
        Gen.Select(Gen.Int[0, ParserFuzz.MutationKinds - 1], Gen.Double[0, 1], Gen.Double[0, 1], Gen.Byte);

    public static TheoryData<string, SourceFormat, int> Fixtures => new()
    {
        { "fixtures/hf-daily-papers/slbqc_dailay_paper_info/huggingface_papers.html", SourceFormat.HuggingFaceHtml, 150 },
        { "fixtures/hf-daily-papers/zzjjay_llm-paper-radar/hf_daily_response.json", SourceFormat.HuggingFaceApiJson, 400 },
        { "fixtures/hf-daily-papers/BuiVannn_All-News-AI/hf_daily_papers.json", SourceFormat.HuggingFaceApiJson, 400 },
        { "fixtures/arxiv-api-atom/saeedrafsharx_arxiv-digest/arxiv_response.xml", SourceFormat.ArxivAtom, 400 },
        { "fixtures/arxiv-api-atom/james-akl_xiv/arxiv_response.xml", SourceFormat.ArxivAtom, 400 },
        { "fixtures/arxiv-api-atom/zhangyee_fastpaper-cli/dblp_search.xml", SourceFormat.DblpXml, 400 },
        { "fixtures/bibtex/papercopilot_colm2024.bib", SourceFormat.Bibtex, 300 },
        { "latex/evolution-momentum-inference-scaling/src/emnlp2026.bib", SourceFormat.Bibtex, 300 },
        { "corpus/seeds/001_a010596c54314e1e.txt", SourceFormat.ListingText, 400 },
    };

    [SkippableTheory]
    [MemberData(nameof(Fixtures))]
    public void Mutated_fixtures_never_throw_or_hang(string relative, SourceFormat format, int iterations)
    {
        var bytes = File.ReadAllBytes(SharedData.RequireOrSkip(relative));
        var cases = RunMutations(bytes, format, iterations);
        output.WriteLine($"{relative}: {cases} mutated cases");
    }

    [SkippableFact]
    public void The_hugging_face_fuzz_seed_keeps_the_data_payload_whole()
    {
        var page = File.ReadAllBytes(SharedData.RequireOrSkip("fixtures/hf-daily-papers/slbqc_dailay_paper_info/huggingface_papers.html"));
        const int MaxBytes = 65536;

        var seed = ParserFuzz.HuggingFaceHtmlSeed(page, MaxBytes);

        Assert.InRange(seed.Length, 1, MaxBytes + 1024);
        var (plainCutPapers, plainCutProblems) = Read(page[..MaxBytes]);
        var (papers, problems) = Read(seed);
        Assert.Empty(problems); // read from the payload, not from the rendered cards
        Assert.True(papers.Count >= 2, $"{papers.Count} papers in the seed's payload");
        output.WriteLine($"seed: {seed.Length} bytes, {papers.Count} papers from the payload; a plain 64 KiB cut: {plainCutPapers.Count} papers, {plainCutProblems.Count} problems");
        Assert.True(RunMutations(seed, SourceFormat.HuggingFaceHtml, 100) == 100);
    }

    private static (List<Paper> Papers, List<ParseProblem> Problems) Read(byte[] bytes)
    {
        var problems = new List<ParseProblem>();
        using var stream = new MemoryStream(bytes);
        var papers = SourceReader.Read(stream, "seed.html", SourceFormat.HuggingFaceHtml, problems.Add).ToList();
        return (papers, problems);
    }

    [SkippableFact]
    public void Mutated_jsonl_never_throws_or_hangs()
    {
        var path = SharedData.RequireOrSkip("corpus/papers-237k.jsonl.gz");
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var lines = new StringBuilder();
        for (var i = 0; i < 40; i++)
        {
            lines.Append(reader.ReadLine()).Append('\n');
        }

        var cases = RunMutations(Encoding.UTF8.GetBytes(lines.ToString()), SourceFormat.PapersJsonl, 600);
        output.WriteLine($"jsonl: {cases} mutated cases");
    }

    [Fact]
    public void Mutated_csl_json_never_throws_or_hangs()
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "zotero-export.csl.json"));
        var cases = RunMutations(bytes, SourceFormat.CslJson, 800);
        output.WriteLine($"csl-json: {cases} mutated cases");
    }

    /// <summary>
    /// Invalid UTF-16 after a BOM, in a format whose parser reads its whole input when called (HTML; CsCheck seed
    /// bJWSsadUgfY4): a problem that ends the source, not an exception out of SourceReader.Read.
    /// </summary>
    [Fact]
    public void Invalid_utf16_read_by_a_whole_input_parser_is_a_problem()
    {
        var problems = new List<ParseProblem>();
        byte[] bytes = [0xFF, 0xFE, 0x3C, 0x00, 0x00, 0xDC, 0x41, 0x00]; // BOM, '<', a lone low surrogate, 'A'
        var papers = SourceReader.Read(new MemoryStream(bytes), "x.html", SourceFormat.HuggingFaceHtml, problems.Add).ToList();
        Assert.Empty(papers);
        Assert.Contains(problems, p => p.Message.StartsWith("Reading stopped", StringComparison.Ordinal));
    }

    [Fact]
    public void Random_bytes_never_throw_for_any_format()
    {
        var formats = Enum.GetValues<SourceFormat>().Where(f => f != SourceFormat.Unknown).ToArray();
        var count = 0;
        Gen.Select(Gen.Int[0, formats.Length - 1], Gen.OneOf(
                Gen.Byte.Array[0, 3000],
                Gen.String[Gen.Char["@{}()\"=,#%\\$<>/[]:&;x20 \n\r\tabcTitle.-•·0123456789"], 0, 3000].Select(s => Encoding.UTF8.GetBytes(s))))
            .Sample((formatIndex, bytes) =>
            {
                RunBounded(bytes, formats[formatIndex]);
                Interlocked.Increment(ref count);
            }, iter: 4000);
        output.WriteLine($"random inputs: {count} cases over {formats.Length} formats");
    }

    /// <summary>
    /// The gzip magic followed by a header the decompressor refuses (the random case that found it: compression method 71)
    /// or nothing at all: opening the stream reads its first bytes, so the failure must be a problem, not an exception.
    /// </summary>
    [Theory]
    [InlineData(new byte[] { 31, 139, 71, 169, 126, 57, 0, 0, 0, 0, 51, 20, 47, 38, 213, 115 })]
    [InlineData(new byte[] { 31, 139, 8, 0, 0, 0, 0, 0, 0, 3, 255, 255, 255, 255 })]
    public void A_gzip_stream_that_cannot_be_decompressed_is_one_problem_for_every_format(byte[] input)
    {
        foreach (var format in Enum.GetValues<SourceFormat>().Where(f => f != SourceFormat.Unknown))
        {
            var problems = new List<ParseProblem>();
            using var stream = new MemoryStream(input);
            var papers = SourceReader.Read(stream, "broken.gz", format, problems.Add).ToList();
            Assert.Empty(papers);
            var problem = Assert.Single(problems);
            Assert.True(problem.Message.StartsWith("Cannot read file: ", StringComparison.Ordinal) || problem.Message.StartsWith("Reading stopped: ", StringComparison.Ordinal), $"{format}: {problem.Message}");
        }
    }

    [Fact]
    public void Source_reader_reports_unreadable_and_unknown_files()
    {
        var problems = new List<ParseProblem>();
        Assert.Empty(SourceReader.Read(Path.Combine(Path.GetTempPath(), "paperlsp-missing-" + Guid.NewGuid().ToString("N") + ".bib"), problems.Add));
        Assert.Single(problems);
        var unknown = Path.Combine(Path.GetTempPath(), "paperlsp-" + Guid.NewGuid().ToString("N") + ".dat");
        File.WriteAllBytes(unknown, [0, 1, 2, 3, 255]);
        try
        {
            Assert.Empty(SourceReader.Read(unknown, problems.Add));
            Assert.Equal(2, problems.Count);
            Assert.Equal(SourceFormat.Unknown, SourceReader.Detect(unknown));
        }
        finally
        {
            File.Delete(unknown);
        }
    }

    private static int RunMutations(byte[] seed, SourceFormat format, int iterations)
    {
        var count = 0;
        Mutation.Array[1, 6].Sample(mutations =>
        {
            RunBounded(ParserFuzz.Mutate(seed, mutations), format);
            Interlocked.Increment(ref count);
        }, iter: iterations);
        return count;
    }

    private static void RunBounded(byte[] input, SourceFormat format)
    {
        var task = Task.Run(() =>
        {
            var problems = new List<ParseProblem>();
            using var stream = new MemoryStream(input);
            var papers = SourceReader.Read(stream, "fuzz", format, problems.Add).ToList();
            foreach (var paper in papers)
            {
                Assert.False(string.IsNullOrWhiteSpace(paper.Title), "a paper without a title came out of the parser");
                Assert.NotNull(paper.Abstract);
            }

            // Problems point into the input and never carry raw control bytes of it (they are printed to terminals).
            foreach (var problem in problems)
            {
                Assert.Equal("fuzz", problem.Path);
                Assert.True(problem.Line >= 0, $"problem at line {problem.Line}");
                Assert.DoesNotContain(problem.Message, c => char.IsControl(c) || c == '\uFFFD');
            }
        });
        Assert.True(task.Wait(CaseLimit), $"{format} parser did not finish within {CaseLimit.TotalSeconds} s on a {input.Length}-byte input");
    }
}
