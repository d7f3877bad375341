using PaperLsp.Ingestion.Identity;

namespace PaperLsp.Ingestion.Tests;

public sealed class CitationKeyGeneratorTests
{
    [Theory]
    [InlineData("Attention Is All You Need", "Ashish Vaswani|Noam Shazeer", 2017, "vaswani2017attention")]
    [InlineData("The Llama 3 Herd of Models", "Abhimanyu Dubey", 2024, "dubey2024llama")]
    [InlineData("Towards Optimal Assessment of Plausible Code", "Mouxiang Chen", 2024, "chen2024optimal")]
    [InlineData("On the Provable Advantage of Unsupervised Pretraining", "Jiawei Ge", 2023, "ge2023provable")]
    [InlineData("H$_2$O: Heavy-Hitter Oracle", "Zhenyu Zhang", 2023, "zhang2023h2o")]
    [InlineData("Über die Größe", "Jürgen Müller", 2020, "muller2020uber")]
    [InlineData("Symphonies", "Ludwig van Beethoven", 1810, "beethoven1810symphonies")]
    [InlineData("Paintings", "Vincent van der Berg", 1890, "berg1890paintings")]
    [InlineData("Dreams", "Martin Luther King Jr.", 1963, "king1963dreams")]
    [InlineData("Named Entities", "Smith, John", 2001, "smith2001named")]
    [InlineData("Let's Make Block Coordinate Descent Converge Faster", "Julie Nutini", 2017, "nutini2017make")]
    [InlineData("Hyphen Test", "Jia-Bin Huang", 2020, "huang2020hyphen")]
    [InlineData("Double Barrel", "Anna Smith-Jones", 2020, "smithjones2020double")]
    [InlineData("No Year Here", "Jane Doe", null, "doeyear")]
    [InlineData("Attention Is All You Need", "", 2017, "attentionneed2017")]
    [InlineData("A", "", null, "paper")]
    [InlineData("注意力机制", "王小明", 2024, "paper2024")]
    public void Base_keys(string title, string authors, int? year, string expected)
    {
        var paper = TestPapers.Make(title, authors.Length == 0 ? [] : authors.Split('|'), year);
        Assert.Equal(expected, CitationKeyGenerator.BaseKey(paper));
    }

    [Fact]
    public void Bib_key_wins()
    {
        var paper = TestPapers.Make("Attention Is All You Need", ["Ashish Vaswani"], 2017, bibKey: "NIPS2017_3f5ee243");
        Assert.Equal("NIPS2017_3f5ee243", CitationKeyGenerator.BaseKey(paper));
    }

    [Fact]
    public void Year_falls_back_to_date()
    {
        var paper = TestPapers.Make("Attention Is All You Need", ["Ashish Vaswani"]) with { Date = "2017-06-12" };
        Assert.Equal("vaswani2017attention", CitationKeyGenerator.BaseKey(paper));
    }

    [Theory]
    [InlineData("", "vaswani2017attention")]
    [InlineData("vaswani2017attention", "vaswani2017attentiona")]
    [InlineData("vaswani2017attention|vaswani2017attentiona", "vaswani2017attentionb")]
    public void Disambiguates_with_letters(string taken, string expected)
    {
        var set = taken.Split('|', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(expected, CitationKeyGenerator.Disambiguate("vaswani2017attention", set.Contains));
    }

    [Fact]
    public void Disambiguation_goes_past_z_deterministically()
    {
        var taken = new HashSet<string>(StringComparer.Ordinal) { "k" };
        for (var c = 'a'; c <= 'z'; c++)
        {
            taken.Add("k" + c);
        }

        Assert.Equal("kaa", CitationKeyGenerator.Disambiguate("k", taken.Contains));
        taken.Add("kaa");
        Assert.Equal("kab", CitationKeyGenerator.Disambiguate("k", taken.Contains));
    }

    [Fact]
    public void Keys_are_ascii_lower_case_for_any_title()
    {
        var paper = TestPapers.Make("Ça & Ünïcödé — «Test» 2.0", ["Zoë Ødegård"], 2021);
        var key = CitationKeyGenerator.BaseKey(paper);
        Assert.Equal("odegard2021ca", key);
    }
}
