using System.Text.RegularExpressions;
using PaperLsp.Ingestion.Model;
using PaperLsp.TestSupport;

namespace PaperLsp.Ingestion.Tests;

public sealed class FormatFixtureTests
{
    private const string HtmlPage = "fixtures/hf-daily-papers/slbqc_dailay_paper_info/huggingface_papers.html";

    [SkippableFact]
    public void Hf_html_page_reads_the_hydration_json()
    {
        var path = SharedData.RequireOrSkip(HtmlPage);
        Assert.Equal(SourceFormat.HuggingFaceHtml, SourceReader.Detect(path));
        var (papers, problems) = Reading.ReadAll(path);
        Assert.Empty(problems);
        Assert.Equal(13, papers.Count);
        var llama = Assert.Single(papers, p => p.ArxivId == "2407.21783");
        Assert.Equal("The Llama 3 Herd of Models", llama.Title);
        Assert.True(llama.Authors.Count > 100);
        Assert.True(llama.Abstract.Length > 300);
        Assert.Equal(94, llama.Upvotes);
        Assert.Equal(2024, llama.Year);
        Assert.All(papers, p => Assert.NotNull(p.ArxivId));
    }

    [SkippableFact]
    public void Hf_html_without_hydration_div_falls_back_to_cards()
    {
        var path = SharedData.RequireOrSkip(HtmlPage);
        var html = File.ReadAllText(path);
        var stripped = Regex.Replace(html, "<div class=\"SVELTE_HYDRATER contents\" data-target=\"DailyPapers\"[^>]*>", "<div>");
        Assert.NotEqual(html.Length, stripped.Length);
        var (papers, problems) = Reading.ReadText(stripped, SourceFormat.HuggingFaceHtml, "stripped.html");
        Assert.Empty(problems);
        Assert.Equal(13, papers.Count);
        var llama = Assert.Single(papers, p => p.ArxivId == "2407.21783");
        Assert.Equal("The Llama 3 Herd of Models", llama.Title);
        Assert.Equal(94, llama.Upvotes);
    }

    [SkippableTheory]
    [InlineData("fixtures/hf-daily-papers/lucas-m-lopes_sotawhat/hf_daily_papers.json", 30)]
    [InlineData("fixtures/hf-daily-papers/BuiVannn_All-News-AI/hf_daily_papers.json", 5)]
    [InlineData("fixtures/hf-daily-papers/zzjjay_llm-paper-radar/hf_daily_response.json", 3)]
    public void Hf_api_json_responses(string relative, int expected)
    {
        var path = SharedData.RequireOrSkip(relative);
        Assert.Equal(SourceFormat.HuggingFaceApiJson, SourceReader.Detect(path));
        var (papers, problems) = Reading.ReadAll(path);
        Assert.Empty(problems);
        Assert.Equal(expected, papers.Count);
        Assert.All(papers, p =>
        {
            Assert.NotNull(p.ArxivId);
            Assert.NotEmpty(p.Authors);
            Assert.True(p.Abstract.Length > 100);
            Assert.NotNull(p.Upvotes);
            Assert.NotNull(p.Year);
        });
    }

    [SkippableFact]
    public void Hf_api_2026_schema_keeps_ai_summary_keywords_and_repo()
    {
        var sotawhat = Reading.ReadAll(SharedData.RequireOrSkip("fixtures/hf-daily-papers/lucas-m-lopes_sotawhat/hf_daily_papers.json")).Papers;
        var first = sotawhat[0];
        Assert.Equal("2606.00467", first.ArxivId);
        Assert.Equal(["Etienne Casanova", "Rafal Kocielnik", "R. Michael Alvarez"], first.Authors);
        Assert.Equal("2026-05-30", first.Date);
        Assert.StartsWith("Large language models exhibit limited ability", first.AiSummary, StringComparison.Ordinal);
        Assert.Contains("decision stickiness", first.Keywords);
        var bui = Reading.ReadAll(SharedData.RequireOrSkip("fixtures/hf-daily-papers/BuiVannn_All-News-AI/hf_daily_papers.json")).Papers;
        Assert.Equal("https://github.com/MAC-AutoML/OmniScope", bui[0].GithubRepo);
        Assert.Equal(3, bui[0].Upvotes);
    }

    [SkippableTheory]
    [InlineData("fixtures/arxiv-api-atom/james-akl_xiv/arxiv_response.xml", 2)]
    [InlineData("fixtures/arxiv-api-atom/zzjjay_llm-paper-radar/arxiv_response.xml", 2)]
    [InlineData("fixtures/arxiv-api-atom/lucas-m-lopes_sotawhat/arxiv_transformer.xml", 5)]
    [InlineData("fixtures/arxiv-api-atom/francojc_lumen/arxiv_get_by_id.xml", 1)]
    [InlineData("fixtures/arxiv-api-atom/francojc_lumen/arxiv_search.xml", 3)]
    [InlineData("fixtures/arxiv-api-atom/zhangyee_fastpaper-cli/arxiv_search.xml", 3)]
    [InlineData("fixtures/arxiv-api-atom/saeedrafsharx_arxiv-digest/arxiv_response.xml", 10)]
    public void Arxiv_atom_feeds(string relative, int expected)
    {
        var path = SharedData.RequireOrSkip(relative);
        Assert.Equal(SourceFormat.ArxivAtom, SourceReader.Detect(path));
        var (papers, problems) = Reading.ReadAll(path);
        Assert.Empty(problems);
        Assert.Equal(expected, papers.Count);
        Assert.All(papers, p =>
        {
            Assert.NotNull(p.ArxivId);
            Assert.NotEmpty(p.Authors);
            Assert.True(p.Abstract.Length > 100);
            Assert.DoesNotContain('\n', p.Title);
            Assert.NotNull(p.Year);
            Assert.Matches(@"^[a-z-]+(\.[A-Za-z-]+)?$", p.PrimaryClass ?? "");
        });
    }

    [SkippableFact]
    public void Arxiv_atom_attention_is_all_you_need()
    {
        var paper = Assert.Single(Reading.ReadAll(SharedData.RequireOrSkip("fixtures/arxiv-api-atom/francojc_lumen/arxiv_get_by_id.xml")).Papers);
        Assert.Equal("1706.03762", paper.ArxivId);
        Assert.Equal("Attention Is All You Need", paper.Title);
        Assert.Equal("cs.CL", paper.PrimaryClass);
        Assert.Equal("Ashish Vaswani", paper.Authors[0]);
        Assert.Equal(2017, paper.Year);
    }

    [SkippableFact]
    public void Arxiv_atom_doi_and_journal_ref()
    {
        var papers = Reading.ReadAll(SharedData.RequireOrSkip("fixtures/arxiv-api-atom/saeedrafsharx_arxiv-digest/arxiv_response.xml")).Papers;
        Assert.Contains(papers, p => p.Doi is not null);
        Assert.Contains(papers, p => p.Venue is not null);
    }

    [SkippableFact]
    public void Dblp_xml_hits()
    {
        var path = SharedData.RequireOrSkip("fixtures/arxiv-api-atom/zhangyee_fastpaper-cli/dblp_search.xml");
        Assert.Equal(SourceFormat.DblpXml, SourceReader.Detect(path));
        var (papers, problems) = Reading.ReadAll(path);
        Assert.Empty(problems);
        Assert.Equal(3, papers.Count);
        var first = papers[0];
        Assert.Equal("Rethinking Attention Mechanism: Channel Re-attention and Spatial Multi-region Attention for Fine-grained Visual Classification", first.Title);
        Assert.Equal(8, first.Authors.Count);
        Assert.Equal(2025, first.Year);
        Assert.Equal("10.1007/s11063-025-11757-7", first.Doi);
        Assert.Equal("Neural Process. Lett.", first.Venue);
    }

    [Fact]
    public void Csl_json_fixture()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "zotero-export.csl.json");
        Assert.Equal(SourceFormat.CslJson, SourceReader.Detect(path));
        var (papers, problems) = Reading.ReadAll(path);
        Assert.Single(problems);
        Assert.Equal(3, papers.Count);
        var attention = papers[0];
        Assert.Equal("Attention Is All You Need", attention.Title);
        Assert.Equal("1706.03762", attention.ArxivId);
        Assert.Equal(["Ashish Vaswani", "Noam Shazeer", "Niki Parmar"], attention.Authors);
        Assert.Equal("2017-06-12", attention.Date);
        Assert.Equal("vaswaniAttentionAllYou2017", attention.BibKey);
        var exoplanets = papers[1];
        Assert.Equal("10.3847/1538-3881/aa9e09", exoplanets.Doi);
        Assert.Equal("The Astronomical Journal", exoplanets.Venue);
        Assert.Equal(["Christopher J. Shallue", "Andrew Vanderburg"], exoplanets.Authors);
        Assert.Equal(2018, exoplanets.Year);
        var beethoven = papers[2];
        Assert.Equal(["Ludwig van Beethoven", "OpenAI"], beethoven.Authors);
        Assert.Equal("Über die Größe", beethoven.Title);
    }
}
