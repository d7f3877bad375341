using System.IO.Compression;
using System.Text;
using PaperLsp.Ingestion.Model;
using PaperLsp.TestSupport;

namespace PaperLsp.Ingestion.Tests;

public sealed class SourceReaderTests : IDisposable
{
    private readonly TempFolder temp = new("paperlsp-reader");

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("papers.html", true)]
    [InlineData("papers.HTM", true)]
    [InlineData("daily.json", true)]
    [InlineData("zotero.csl.json", true)]
    [InlineData("papers.jsonl", true)]
    [InlineData("papers.jsonl.gz", true)]
    [InlineData("feed.xml", true)]
    [InlineData("feed.atom", true)]
    [InlineData("refs.bib", true)]
    [InlineData("listing.txt", true)]
    [InlineData("paper.pdf", false)]
    [InlineData("main.tex", false)]
    [InlineData("archive.gz", false)]
    public void Supported_names(string name, bool expected) => Assert.Equal(expected, SourceReader.IsSupported(name));

    [Theory]
    [InlineData("a.bib", "@article{k, title={T}}", SourceFormat.Bibtex)]
    [InlineData("a.json", "[{\"paper\": {\"id\": \"2401.00001\", \"title\": \"T\"}}]", SourceFormat.HuggingFaceApiJson)]
    [InlineData("a.json", "[{\"id\": \"x\", \"type\": \"article\", \"title\": \"T\", \"issued\": {\"date-parts\": [[2020]]}}]", SourceFormat.CslJson)]
    [InlineData("a.json", "{\"arxiv_id\": \"2401.00001\", \"title\": \"T\"}\n{\"title\": \"U\"}\n", SourceFormat.PapersJsonl)]
    [InlineData("package.json", "{\"name\": \"x\", \"version\": \"1.0.0\"}", SourceFormat.Unknown)]
    [InlineData("a.xml", "<?xml version='1.0'?><feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>", SourceFormat.ArxivAtom)]
    [InlineData("a.xml", "<result><hits></hits></result>", SourceFormat.DblpXml)]
    [InlineData("a.xml", "<svg></svg>", SourceFormat.Unknown)]
    [InlineData("notes.txt", "Remember to buy milk.\nAnd bread.", SourceFormat.Unknown)]
    [InlineData("noext", "@misc{k, title={T}}", SourceFormat.Bibtex)]
    [InlineData("noext", "<html><body></body></html>", SourceFormat.HuggingFaceHtml)]
    public void Detects_formats_by_name_and_content(string name, string content, SourceFormat expected)
    {
        var path = Path.Combine(temp.Path, name);
        File.WriteAllText(path, content);
        Assert.Equal(expected, SourceReader.Detect(path));
    }

    [Fact]
    public void Reads_gzip_transparently()
    {
        var path = Path.Combine(temp.Path, "refs.bib.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gzip.Write("@article{k1, title={Gzipped Title}, year=2020}"u8);
        }

        Assert.Equal(SourceFormat.Bibtex, SourceReader.Detect(path));
        var (papers, problems) = Reading.ReadAll(path);
        Assert.Empty(problems);
        Assert.Equal("Gzipped Title", Assert.Single(papers).Title);
    }

    [Fact]
    public void Invalid_utf8_is_read_as_windows_1252_with_one_warning_naming_the_file()
    {
        byte[] bad = [(byte)'{', (byte)'"', (byte)'t', (byte)'i', (byte)'t', (byte)'l', (byte)'e', (byte)'"', (byte)':', (byte)'"', 0xDC, (byte)'b', (byte)'e', (byte)'r', (byte)'"', (byte)'}', (byte)'\n'];
        byte[] bytes = [.. Encoding.UTF8.GetBytes("{\"title\": \"Caf\u00e9 ok\"}\n"), .. bad, .. bad];
        var (papers, problems) = Reading.ReadBytes(bytes, SourceFormat.PapersJsonl);
        Assert.Equal("Café ok", papers[0].Title);
        Assert.Equal(["Über", "Über"], papers.Skip(1).Select(p => p.Title));
        Assert.DoesNotContain(papers, p => p.Title.Contains('\uFFFD', StringComparison.Ordinal));
        var warning = Assert.Single(problems);
        Assert.Contains("not valid UTF-8: read as Windows-1252", warning.Message, StringComparison.Ordinal);
        Assert.Equal(2, warning.Line);

        var listing = Encoding.UTF8.GetBytes("Title One\n\n").Concat(new byte[] { 0x93, 0xDC, (byte)'b', (byte)'e', (byte)'r', 0x94 }).Concat(Encoding.UTF8.GetBytes(" abstract text.\n")).ToArray();
        (papers, problems) = Reading.ReadBytes(listing, SourceFormat.ListingText);
        Assert.Equal("\u201CÜber\u201D abstract text.", Assert.Single(papers).Abstract);
        Assert.Single(problems, p => p.Message.Contains("Windows-1252", StringComparison.Ordinal));

        var latin1Bib = Encoding.Latin1.GetBytes("@article{schaerli2023,\n  title = {Least-to-Most Prompting},\n  author = {Sch\u00e4rli, Nathanael},\n  year = {2023}\n}\n");
        (papers, problems) = Reading.ReadBytes(latin1Bib, SourceFormat.Bibtex);
        Assert.Equal("Nathanael Schärli", Assert.Single(Assert.Single(papers).Authors));
        Assert.Single(problems, p => p.Message.Contains("Windows-1252", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    public void Byte_order_marks_are_honoured(string encoding)
    {
        var text = "@article{k2023,\n  title = {Über Alles},\n  author = {Sch\u00e4rli, Nathanael},\n  year = {2023}\n}\n";
        byte[] bytes = encoding switch
        {
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "utf-16le" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            _ => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
        };
        var decoded = PaperLsp.Ingestion.Text.TextDecoding.Decode(bytes, "refs.bib");
        Assert.Equal(text, decoded.Text);
        Assert.Null(decoded.Warning);
        var (papers, problems) = Reading.ReadBytes(bytes, SourceFormat.Bibtex);
        Assert.Empty(problems);
        Assert.Equal("Über Alles", Assert.Single(papers).Title);
    }

    [Fact]
    public void Bad_jsonl_records_are_reported_with_line_numbers()
    {
        const string text = "{\"title\": \"A\", \"arxiv_id\": \"2401.00001v2\", \"authors\": [\"X Y\"], \"date\": \"2024\"}\nnot json\n\n[1,2]\n{\"abstract\": \"no title\"}\n{\"title\": \"B\", \"arxiv_id\": \"bogus\"}\n{\"title\": \"C\"";
        var (papers, problems) = Reading.ReadText(text, SourceFormat.PapersJsonl);
        Assert.Equal(["A", "B"], papers.Select(p => p.Title));
        Assert.Equal("2401.00001", papers[0].ArxivId);
        Assert.Equal(2024, papers[0].Year);
        Assert.Equal([2, 4, 5, 6, 7], problems.Select(p => p.Line));
    }

    [SkippableFact]
    public void Fixture_readme_text_files_are_not_listings()
    {
        var path = SharedData.RequireOrSkip("fixtures/bibtex/README.txt");
        Assert.Equal(SourceFormat.Unknown, SourceReader.Detect(path));
        var seed = SharedData.RequireOrSkip("corpus/seeds/002_c9d3de2e1d994b50.txt");
        Assert.Equal(SourceFormat.ListingText, SourceReader.Detect(seed));
    }
}
