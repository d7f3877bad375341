using PaperLsp.Ingestion.Identity;

namespace PaperLsp.Ingestion.Tests;

/// <summary>The key pattern language: author-less records get readable keys, patterns are validated with one clear sentence.</summary>
public sealed class CitationKeyPatternTests
{
    [Theory]
    [InlineData("Large Language Models Can Self-Improve", null, "2210.11610", "largelanguagemodels2022")]
    [InlineData("Scaling LLM Test-Time Compute Optimally can be More Effective than Scaling Model Parameters", 2024, null, "scalingllmtest2024")]
    [InlineData("1B LLM Can Surpass 405B LLM? Rethinking Compute-Optimal Test-Time Scaling", null, "2502.06703", "1bllmsurpass2025")]
    [InlineData("Planning-Driven Programming: A Large Language Model Programming Workflow", null, null, "planningdrivenprogramming")]
    [InlineData("Chain of Thought", null, "cs/9901001", "chainthought1999")]
    [InlineData("The 2024 Report", 2024, null, "report2024")]
    public void Author_less_records_get_three_title_words_and_the_year(string title, int? year, string? arxivId, string expected)
    {
        var paper = TestPapers.Make(title, [], year, arxivId);
        Assert.Equal(expected, CitationKeyGenerator.BaseKey(paper));
    }

    [Fact]
    public void The_year_of_an_arxiv_id_fills_in_for_authored_records_too()
    {
        var paper = TestPapers.Make("Attention Is All You Need", ["Ashish Vaswani"], arxivId: "1706.03762");
        Assert.Equal("vaswani2017attention", CitationKeyGenerator.BaseKey(paper));
    }

    [Theory]
    [InlineData("[auth][year]", "vaswani2017")]
    [InlineData("[shorttitle:2]_[year]", "attentionneed_2017")]
    [InlineData("[auth]:[shorttitle:3]", "vaswani:attentionneed")]
    [InlineData("[shorttitle:9][year]", "attentionneed2017")]
    [InlineData("arxiv[year]", "arxiv2017")]
    public void Patterns_combine_fields_and_literal_text(string pattern, string expected)
    {
        var paper = TestPapers.Make("Attention Is All You Need", ["Ashish Vaswani"], 2017);
        Assert.Equal(expected, CitationKeyGenerator.BaseKey(paper, CitationKeyPattern.Parse(pattern)));
    }

    [Fact]
    public void The_first_alternative_whose_required_fields_all_yield_text_wins()
    {
        var pattern = CitationKeyPattern.Parse("[auth][year] | [shorttitle:2][year?] | untitled");
        Assert.Equal("vaswani2017", CitationKeyGenerator.BaseKey(TestPapers.Make("Attention Is All You Need", ["Ashish Vaswani"], 2017), pattern));
        Assert.Equal("attentionneed", CitationKeyGenerator.BaseKey(TestPapers.Make("Attention Is All You Need", ["Ashish Vaswani"]), pattern));
        Assert.Equal("untitled", CitationKeyGenerator.BaseKey(TestPapers.Make("注意力", []), pattern));
        Assert.Equal("NIPS2017_3f5ee243", CitationKeyGenerator.BaseKey(TestPapers.Make("Attention Is All You Need", ["Ashish Vaswani"], 2017, bibKey: "NIPS2017_3f5ee243"), pattern));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("[auth", "unclosed '['")]
    [InlineData("[title][year]", "unknown field [title]")]
    [InlineData("[shorttitle:0]", "1 to 9")]
    [InlineData("[shorttitle:x]", "1 to 9")]
    [InlineData("[year:2]", "takes no argument")]
    [InlineData("[auth] [year]", "' ' cannot appear in a citation key")]
    [InlineData("[auth]{x}", "'{' cannot appear")]
    [InlineData("[auth] || [year]", "empty alternative")]
    public void Bad_patterns_are_named_in_one_sentence(string text, string expected)
    {
        Assert.False(CitationKeyPattern.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
        Assert.Throws<FormatException>(() => CitationKeyPattern.Parse(text));
    }

    [Fact]
    public void The_default_pattern_is_documented_text_that_parses()
    {
        Assert.Equal(CitationKeyPattern.DefaultText, CitationKeyPattern.Default.Text);
        var padded = CitationKeyPattern.Parse(" " + CitationKeyPattern.DefaultText + " ");
        Assert.Equal(CitationKeyPattern.DefaultText, padded.Text);
    }

    [Theory]
    [InlineData("2401.01055", 2024)]
    [InlineData("arXiv:0704.0001v2", 2007)]
    [InlineData("hep-th/9108001", 1991)]
    [InlineData("math/0309136", 2003)]
    [InlineData("not an id", null)]
    public void Arxiv_ids_carry_their_year(string id, int? year) => Assert.Equal(year, ArxivId.YearOf(id));

    [Theory]
    [InlineData("cs.CL", "cs.CL")]
    [InlineData(" stat.ML ", "stat.ML")]
    [InlineData("hep-th", "hep-th")]
    [InlineData("math.AG", "math.AG")]
    [InlineData("cs.CL}", null)]
    [InlineData("Computation and Language", null)]
    public void Arxiv_categories_are_checked(string text, string? expected) => Assert.Equal(expected, ArxivCategory.Normalize(text));
}
