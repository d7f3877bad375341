using System.IO.Compression;
using System.Text;
using PaperLsp.Ingestion.Model;
using PaperLsp.TestSupport;

namespace PaperLsp.Ingestion.Tests;

/// <summary>Line-based sources (papers JSONL, listing text, .gz JSONL) honour UTF-16 byte order marks through the one TextDecoding.</summary>
public sealed class LineSourceEncodingTests : IDisposable
{
    private const string Jsonl =
        "{\"arxiv_id\": \"2401.00001\", \"title\": \"\u00dcber Sprachmodelle\", \"authors\": [\"J\u00fcrgen M\u00fcller\"], \"date\": \"2024-01-02\", \"categories\": \"cs.CL cs.AI\"}\n" +
        "{\"arxiv_id\": \"2401.00002\", \"title\": \"Caf\u00e9 \u2014 na\u00efve r\u00e9sum\u00e9s \U0001F600\", \"authors\": [], \"date\": \"2024-01-03\"}\n";

    private const string Abstract =
        "Wir untersuchen gro\u00dfe Sprachmodelle \u2014 ausf\u00fchrlich und mit vielen Beispielen aus der Praxis, " +
        "die zeigen, wie Modelle \u00fcber l\u00e4ngere Texte hinweg planen, pr\u00fcfen und ihre Antworten verbessern k\u00f6nnen, " +
        "ohne dass zus\u00e4tzliche Daten n\u00f6tig sind.";

    private const string Listing = "\u00dcber Sprachmodelle\n\n" + Abstract + "\n\nCaf\u00e9 Agents Na\u00efvely Plan\n\n" + Abstract + "\n";

    private readonly TempFolder temp = new("paperlsp-encodings");

    public void Dispose() => temp.Dispose();

    public static TheoryData<string> Encodings() => ["utf-16le", "utf-16be", "utf-8-bom"];

    private static byte[] Encode(string text, string encoding) => encoding switch
    {
        "utf-16le" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
        "utf-16be" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
        _ => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Jsonl_files_with_a_byte_order_mark_read_like_utf8(string encoding)
    {
        var path = Path.Combine(temp.Path, "papers.jsonl");
        File.WriteAllBytes(path, Encode(Jsonl, encoding));
        Assert.Equal(SourceFormat.PapersJsonl, SourceReader.Detect(path));
        var (papers, problems) = Reading.ReadAll(path);
        Assert.Empty(problems);
        Assert.Equal(["Über Sprachmodelle", "Café — naïve résumés \U0001F600"], papers.Select(p => p.Title));
        Assert.Equal("Jürgen Müller", Assert.Single(papers[0].Authors));
        Assert.Equal("cs.CL", papers[0].PrimaryClass);
        Assert.Equal([1, 2], papers.Select(p => p.Source.Line));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Gzipped_jsonl_with_a_byte_order_mark_reads_like_utf8(string encoding)
    {
        var path = Path.Combine(temp.Path, "papers.jsonl.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gzip.Write(Encode(Jsonl, encoding));
        }

        var (papers, problems) = Reading.ReadAll(path);
        Assert.Empty(problems);
        Assert.Equal("Über Sprachmodelle", papers[0].Title);
        Assert.Equal(2, papers.Count);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Resuming_a_utf16_jsonl_after_a_line_reads_the_rest(string encoding)
    {
        var path = Path.Combine(temp.Path, "papers.jsonl");
        File.WriteAllBytes(path, Encode(Jsonl, encoding));
        var problems = new List<ParseProblem>();
        var rest = SourceReader.ReadAfterLine(path, SourceFormat.PapersJsonl, 1, problems.Add)!.ToList();
        Assert.Empty(problems);
        Assert.Equal("2401.00002", Assert.Single(rest).ArxivId);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Listing_text_with_a_byte_order_mark_reads_like_utf8(string encoding)
    {
        var path = Path.Combine(temp.Path, "listing.txt");
        File.WriteAllBytes(path, Encode(Listing, encoding));
        Assert.Equal(SourceFormat.ListingText, SourceReader.Detect(path));
        var (papers, problems) = Reading.ReadAll(path);
        Assert.Empty(problems);
        Assert.Equal(["Über Sprachmodelle", "Café Agents Naïvely Plan"], papers.Select(p => p.Title));
        Assert.All(papers, p => Assert.Equal(Abstract, p.Abstract));
    }

    [Fact]
    public void Windows_1252_lines_in_a_jsonl_give_one_warning_naming_the_file_and_no_replacement_characters()
    {
        var path = Path.Combine(temp.Path, "latin.jsonl");
        var lines = new List<byte>();
        lines.AddRange(Encoding.UTF8.GetBytes("{\"title\": \"Plain Title\", \"arxiv_id\": \"2401.00003\"}\n"));
        for (var i = 4; i <= 6; i++)
        {
            lines.AddRange(Encoding.Latin1.GetBytes($"{{\"title\": \"\u00dcber M\u00e4rchen {i}\", \"arxiv_id\": \"2401.0000{i}\"}}\n"));
        }

        File.WriteAllBytes(path, [.. lines]);
        var (papers, problems) = Reading.ReadAll(path);
        Assert.Equal(["Plain Title", "Über Märchen 4", "Über Märchen 5", "Über Märchen 6"], papers.Select(p => p.Title));
        Assert.DoesNotContain(papers, p => p.Title.Contains('\uFFFD', StringComparison.Ordinal));
        var warning = Assert.Single(problems);
        Assert.Contains(path, warning.Message, StringComparison.Ordinal);
        Assert.Contains("Windows-1252", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_utf16_stops_with_a_problem_instead_of_replacement_characters()
    {
        var path = Path.Combine(temp.Path, "broken.jsonl");
        byte[] bytes = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("{\"title\": \"Fine\", \"arxiv_id\": \"2401.00007\"}\n{\"title\": \"X"), 0x00, 0xD8, .. Encoding.Unicode.GetBytes("\"}\n")];
        File.WriteAllBytes(path, bytes);
        var (papers, problems) = Reading.ReadAll(path);
        Assert.DoesNotContain(papers, p => p.Title.Contains('\uFFFD', StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == path);
    }
}
