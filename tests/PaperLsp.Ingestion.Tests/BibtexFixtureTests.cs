using PaperLsp.Ingestion.Bibtex;
using PaperLsp.Ingestion.Model;
using PaperLsp.TestSupport;

namespace PaperLsp.Ingestion.Tests;

public sealed class BibtexFixtureTests
{
    [SkippableTheory]
    [InlineData("fixtures/bibtex/papercopilot_colm2024.bib", 299)]
    [InlineData("fixtures/bibtex/papercopilot_colm2025.bib", 418)]
    [InlineData("fixtures/bibtex/papercopilot_naacl2024.bib", 912)]
    [InlineData("fixtures/bibtex/zoia_doi/doi_response.bib", 1)]
    [InlineData("latex/evolution-momentum-inference-scaling/src/emnlp2026.bib", 111)]
    [InlineData("latex/solvability-boundaries-reasoning/src/latex_v2/custom.bib", 99)]
    [InlineData("latex/codescout-code-search-agents/src/ICML/reference.bib", 56)]
    [InlineData("latex/codescout-code-search-agents/src/COLM/colm2026_conference.bib", 45)]
    public void Real_bib_files_parse_every_entry(string relative, int expected)
    {
        var path = SharedData.RequireOrSkip(relative);
        var text = File.ReadAllText(path);
        var file = BibtexParser.Parse(text, path);
        Assert.Empty(file.Problems.Where(p => !p.Message.StartsWith("Duplicate", StringComparison.Ordinal)).Select(p => $"{p.Line}: {p.Message}"));
        Assert.Equal(expected, file.Entries.Count);
        Assert.All(file.Entries, e =>
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Key));
            Assert.Equal('@', text[e.StartOffset]);
            Assert.Equal(e.RawText, text[e.StartOffset..e.EndOffset]);
            Assert.True(e.RawText.TrimEnd().EndsWith('}') || e.RawText.TrimEnd().EndsWith(')'));
            Assert.NotNull(e.Get("title"));
        });

        var (papers, _) = Reading.ReadAll(path);
        Assert.Equal(expected, papers.Count);
        Assert.All(papers, p =>
        {
            Assert.DoesNotContain('{', p.Title);
            Assert.NotEmpty(p.Authors);
            Assert.NotNull(p.BibKey);
            Assert.NotNull(p.BibEntryText);
        });
    }

    [SkippableFact]
    public void Openreview_style_with_newline_before_key()
    {
        var path = SharedData.RequireOrSkip("fixtures/bibtex/papercopilot_colm2024.bib");
        var file = BibtexParser.Parse(File.ReadAllText(path), path);
        var entry = file.Entries[0];
        Assert.Equal("hu2024instructav", entry.Key);
        Assert.Equal("inproceedings", entry.EntryType);
        Assert.Equal(1, entry.Line);
        Assert.Equal("Instruct{AV}: Instruction Fine-tuning Large Language Models for Authorship Verification", entry.Fields["TITLE"]);
        var paper = BibtexParser.ToPaper(entry, path)!;
        Assert.Equal("InstructAV: Instruction Fine-tuning Large Language Models for Authorship Verification", paper.Title);
        Assert.Equal(["Yujia Hu", "Zhiqiang Hu", "Chun Wei Seah", "Roy Ka-Wei Lee"], paper.Authors);
        Assert.Equal("First Conference on Language Modeling", paper.Venue);
        Assert.Equal(2024, paper.Year);
        Assert.Equal("https://openreview.net/forum?id=0UK8c2kg7c", paper.Url);
    }

    [SkippableFact]
    public void Acl_style_with_quoted_values_month_macro_and_last_first_names()
    {
        var path = SharedData.RequireOrSkip("fixtures/bibtex/papercopilot_naacl2024.bib");
        var file = BibtexParser.Parse(File.ReadAllText(path), path);
        var entry = file.Find("verhoeven-etal-2024-realistic")!;
        Assert.Equal("June", entry.Fields["month"]);
        var paper = BibtexParser.ToPaper(entry, path)!;
        Assert.Equal("A (More) Realistic Evaluation Setup for Generalisation of Community Models on Malicious Content Detection", paper.Title);
        Assert.Equal(["Ivo Verhoeven", "Pushkar Mishra", "Rahel Beloch", "Helen Yannakoudakis", "Ekaterina Shutova"], paper.Authors);
        Assert.Equal("10.18653/v1/2024.findings-naacl.30", paper.Doi);
        Assert.Equal("2024-06", paper.Date);
        Assert.Equal("Findings of the Association for Computational Linguistics: NAACL 2024", paper.Venue);
    }

    [SkippableFact]
    public void Doi_org_entry_with_bare_number_year()
    {
        var path = SharedData.RequireOrSkip("fixtures/bibtex/zoia_doi/doi_response.bib");
        var paper = Assert.Single(Reading.ReadAll(path).Papers);
        Assert.Equal("Shallue_2018", paper.BibKey);
        Assert.Equal("article", paper.BibType);
        Assert.Equal(2018, paper.Year);
        Assert.Equal("2018-01", paper.Date);
        Assert.Equal("10.3847/1538-3881/aa9e09", paper.Doi);
        Assert.Equal("The Astronomical Journal", paper.Venue);
        Assert.Equal(["Christopher J. Shallue", "Andrew Vanderburg"], paper.Authors);
    }

    [SkippableFact]
    public void Google_scholar_arxiv_preprints_give_arxiv_ids()
    {
        var path = SharedData.RequireOrSkip("latex/solvability-boundaries-reasoning/src/latex_v2/custom.bib");
        var papers = Reading.ReadAll(path).Papers;
        var withArxiv = papers.Count(p => p.ArxivId is not null);
        Assert.True(withArxiv >= 70, $"only {withArxiv} of {papers.Count} entries have an arXiv id");
        var survey = Assert.Single(papers, p => p.Title.StartsWith("Towards reasoning era", StringComparison.Ordinal));
        Assert.Equal("2503.09567", survey.ArxivId);
        Assert.Equal("arXiv", survey.Venue);
    }

    [SkippableFact]
    public void Arxiv_export_style_eprint_wins()
    {
        var path = SharedData.RequireOrSkip("latex/codescout-code-search-agents/src/ICML/reference.bib");
        var papers = Reading.ReadAll(path).Papers;
        Assert.True(papers.Count(p => p.ArxivId is not null) >= 32);
    }
}
