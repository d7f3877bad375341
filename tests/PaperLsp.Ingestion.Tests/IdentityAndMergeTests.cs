using PaperLsp.Ingestion.Identity;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Ingestion.Tests;

public sealed class IdentityAndMergeTests
{
    [Theory]
    [InlineData("H$_2$O: Heavy-Hitter Oracle", "H_2O: Heavy-Hitter Oracle")]
    [InlineData("H2O: Heavy-Hitter Oracle", "h2o heavy hitter oracle")]
    [InlineData("Flash-Attention:  Fast  and\nExact", "FlashAttention: fast and exact")]
    [InlineData("G{\\\"o}del Machines", "Gödel machines")]
    [InlineData("Gödel Machines", "Godel Machines")]
    [InlineData("Scaling Laws -- A Study", "Scaling Laws – a study")]
    public void Title_keys_ignore_rendering(string a, string b) =>
        Assert.Equal(PaperIdentity.TitleKey(a), PaperIdentity.TitleKey(b));

    [Fact]
    public void Different_titles_have_different_keys() =>
        Assert.NotEqual(PaperIdentity.TitleKey("Online Speculative Decoding"), PaperIdentity.TitleKey("Recursive Speculative Decoding"));

    [Fact]
    public void Keys_strongest_first()
    {
        var paper = TestPapers.Make("H$_2$O", arxivId: "2306.14048", doi: "https://doi.org/10.1000/ABC");
        Assert.Equal(["arxiv:2306.14048", "doi:10.1000/abc", "title:h2o"], PaperIdentity.Keys(paper));
    }

    [Fact]
    public void Arxiv_doi_gives_an_arxiv_key()
    {
        var paper = TestPapers.Make("Direct Preference Optimization", doi: "10.48550/arXiv.2305.18290");
        Assert.Contains("arxiv:2305.18290", PaperIdentity.Keys(paper));
    }

    [Theory]
    [InlineData("10.18653/v1/2024.findings-naacl.30", "10.18653/v1/2024.findings-naacl.30")]
    [InlineData("https://doi.org/10.3847%2F1538-3881%2Faa9e09", "10.3847/1538-3881/aa9e09")]
    [InlineData("doi:10.1007/S11063-025-11757-7.", "10.1007/s11063-025-11757-7")]
    [InlineData("not a doi", null)]
    [InlineData("10.1234", null)]
    public void Normalizes_dois(string raw, string? expected) => Assert.Equal(expected, PaperIdentity.NormalizeDoi(raw));

    [Fact]
    public void Merge_fills_missing_fields_and_keeps_the_best()
    {
        var listing = TestPapers.Make("H_2O: Heavy-Hitter Oracle", abstractText: "Short.", format: SourceFormat.ListingText) with { AuthorCount = 12, Upvotes = 1, Keywords = ["kv cache"] };
        var hf = TestPapers.Make("H2O: Heavy-Hitter Oracle", ["Zhenyu Zhang", "Ying Sheng"], 2023, "2306.14048", abstractText: "A much longer abstract about caches.", format: SourceFormat.HuggingFaceApiJson)
            with { Upvotes = 5, AiSummary = "Summary.", Keywords = ["KV cache", "eviction"], GithubRepo = "https://github.com/x/y", Date = "2023-06-24" };
        var bib = TestPapers.Make("{H}$_2${O}: Heavy-Hitter Oracle", ["Zhenyu Zhang"], 2023, format: SourceFormat.Bibtex, bibKey: "zhang2023h2o")
            with { BibType = "inproceedings", BibEntryText = "@inproceedings{zhang2023h2o, ...}", Venue = "NeurIPS" };

        var merged = PaperMerger.Merge(PaperMerger.Merge(listing, hf), bib);
        Assert.Equal("H2O: Heavy-Hitter Oracle", merged.Title);
        Assert.Equal("A much longer abstract about caches.", merged.Abstract);
        Assert.Equal(["Zhenyu Zhang", "Ying Sheng"], merged.Authors);
        Assert.Equal("2306.14048", merged.ArxivId);
        Assert.Equal(5, merged.Upvotes);
        Assert.Equal(12, merged.AuthorCount);
        Assert.Equal("Summary.", merged.AiSummary);
        Assert.Equal(["kv cache", "eviction"], merged.Keywords);
        Assert.Equal("zhang2023h2o", merged.BibKey);
        Assert.Equal("inproceedings", merged.BibType);
        Assert.Equal("NeurIPS", merged.Venue);
        Assert.Equal("2023-06-24", merged.Date);
        Assert.Equal(SourceFormat.ListingText, merged.Source.Format);
    }

    [Fact]
    public void Merge_prefers_cleaner_abstract_of_similar_length()
    {
        var dirty = TestPapers.Make("T", abstractText: "We study $\\alpha$ and $x_2$ here.");
        var clean = TestPapers.Make("T", abstractText: "We study α and x2 here, too.");
        Assert.Equal(clean.Abstract, PaperMerger.Merge(dirty, clean).Abstract);
        Assert.Equal(clean.Abstract, PaperMerger.Merge(clean, dirty).Abstract);
    }

    [Fact]
    public void Deduplicator_merges_by_any_key_but_not_across_arxiv_ids()
    {
        var records = new[]
        {
            TestPapers.Make("Same Title", arxivId: "2301.00001"),
            TestPapers.Make("Same title!", ["A B"]),
            TestPapers.Make("Same Title", arxivId: "2301.00002"),
            TestPapers.Make("Renamed in v2", arxivId: "2301.00001"),
            TestPapers.Make("Other", doi: "10.1/x"),
            TestPapers.Make("Other (journal version)", doi: "10.1/X"),
        };
        var deduplicator = new PaperDeduplicator();
        foreach (var record in records)
        {
            deduplicator.Add(record);
        }

        Assert.Equal(3, deduplicator.Count);
        Assert.Equal(3, deduplicator.DuplicatesMerged);
        Assert.Equal(["A B"], deduplicator.Find("arxiv:2301.00001")!.Authors);
        Assert.Equal("2301.00002", deduplicator.Papers[1].ArxivId);
        Assert.NotNull(deduplicator.Find("doi:10.1/x"));
    }
}
