using CsCheck;
using PaperLsp.Ingestion.Bibtex;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Ingestion.Tests;

public sealed class BibtexWriterTests
{
    [Fact]
    public void Arxiv_paper_is_an_article_whose_journal_names_the_arxiv_id_with_eprint_fields()
    {
        var paper = TestPapers.Make("Direct Preference Optimization: Your LLM is Secretly a Reward Model", ["Rafael Rafailov", "Ludwig van Beethoven", "OpenAI"], 2023, "2305.18290");
        var text = BibtexWriter.Format(paper, "rafailov2023direct");
        Assert.Equal(
            """
            @article{rafailov2023direct,
              title         = {Direct Preference Optimization: Your {LLM} is Secretly a Reward Model},
              author        = {Rafailov, Rafael and van Beethoven, Ludwig and {OpenAI}},
              year          = {2023},
              journal       = {arXiv preprint arXiv:2305.18290},
              eprint        = {2305.18290},
              archivePrefix = {arXiv},
              url           = {https://arxiv.org/abs/2305.18290}
            }
            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void Conference_and_journal_papers_get_their_types_and_escapes()
    {
        var conference = TestPapers.Make("Q&A at 50% _fast_", ["Jane Doe"], 2024, doi: "10.18653/v1/x") with { Venue = "Findings of the ACL" };
        var text = BibtexWriter.Format(conference, "doe2024qa");
        Assert.StartsWith("@inproceedings{doe2024qa,", text, StringComparison.Ordinal);
        Assert.Contains("{Q\\&A at 50\\% \\_fast\\_}", text, StringComparison.Ordinal);
        Assert.Contains("booktitle = {Findings of the ACL}", text, StringComparison.Ordinal);
        var journal = conference with { Venue = "The Astronomical Journal" };
        Assert.StartsWith("@article{", BibtexWriter.Format(journal, "k"), StringComparison.Ordinal);
    }

    [Fact]
    public void Original_entry_text_is_returned_for_the_same_key()
    {
        var paper = TestPapers.Make("T", bibKey: "orig2020") with { BibEntryText = "@article{orig2020,\n  title = {T}\n}" };
        Assert.Equal(paper.BibEntryText, BibtexWriter.Format(paper, "orig2020"));
        Assert.StartsWith("@misc{other,", BibtexWriter.Format(paper, "other"), StringComparison.Ordinal);
    }

    [Fact]
    public void Author_less_paper_gets_a_key_field_for_sorting()
    {
        var paper = TestPapers.Make("Scaling LLM Test-Time Compute Optimally can be More Effective than Scaling Model Parameters", [], 2024, "2408.03314");
        var text = BibtexWriter.Format(paper, "k");
        Assert.Contains("key           = {Scaling LLM Test-Time Compute Optimally}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("author", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Attention Is All You Need", "Ashish Vaswani|Noam Shazeer", 2017, "1706.03762")]
    [InlineData("H2O: Heavy-Hitter Oracle for {LLMs} & $x^2$ ~ 100%", "Zhenyu Zhang", 2023, "2306.14048")]
    [InlineData("Über die Größe von Gödel", "Jürgen Müller|Ludwig van Beethoven|Martin Luther King Jr.", 1931, null)]
    [InlineData("Back\\slash and #hash", "OpenAI", 2024, "cs/0112017")]
    [InlineData("(A) }öd: \\c{ wpveIpr L_u(wäzö6aT", "Wus Døfzsytgm", 1970, null)] // an accent over a space (found by the property below)
    public void Format_then_parse_round_trips(string title, string authors, int year, string? arxivId)
    {
        var paper = TestPapers.Make(Text.TextNormalizer.Normalize(title), authors.Split('|'), year, arxivId);
        AssertRoundTrip(paper);
    }

    /// <summary>A name word "and" in any case (CsCheck seed 2plYZNCJzAB3 drew "And Odu") reads back as a name, not as a separator.</summary>
    [Theory]
    [InlineData("And Odu")]
    [InlineData("Maria AND Lopez")]
    public void A_name_word_and_is_not_read_back_as_the_separator(string author) =>
        AssertRoundTrip(TestPapers.Make("A Title", [author, "Ann Smith"], 2020));

    [Fact]
    public void Round_trip_property()
    {
        var word = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789äöüéçø&%$#_{}~^\\-:'\"()"], 1, 12];
        var title = word.Array[1, 8].Select(w => string.Join(' ', w));
        var name = Gen.Select(Gen.String[Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ"], 1, 1], Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyzéü"], 2, 10], Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyzø"], 2, 10])
            .Select((initial, given, family) => char.ToUpperInvariant(given[0]) + given[1..] + " " + initial + family);
        var gen = Gen.Select(title, name.Array[0, 5], Gen.Int[1900, 2030], Gen.Bool);
        gen.Sample((t, authors, year, hasArxiv) =>
        {
            var paper = TestPapers.Make(t, authors, year, hasArxiv ? "2401.01234" : null);
            if (string.IsNullOrWhiteSpace(Text.TextNormalizer.Normalize(paper.Title)))
            {
                return;
            }

            AssertRoundTrip(paper with { Title = Text.TextNormalizer.Normalize(paper.Title) });
        }, iter: 2000);
    }

    private static void AssertRoundTrip(Paper paper)
    {
        var text = BibtexWriter.Format(paper, "key2024");
        var file = BibtexParser.Parse(text, "round.bib");
        Assert.Empty(file.Problems);
        var entry = Assert.Single(file.Entries);
        Assert.Equal("key2024", entry.Key);
        var back = BibtexParser.ToPaper(entry, "round.bib")!;
        Assert.Equal(paper.Title, back.Title);
        Assert.Equal(paper.Authors, back.Authors);
        Assert.Equal(paper.Year, back.Year);
        Assert.Equal(paper.ArxivId, back.ArxivId);
    }
}
