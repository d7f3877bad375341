using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Papers;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Tests;

/// <summary>
/// The codescout paper's .bib cites Agentless as its published version, "Demystifying LLM-Based Software Engineering
/// Agents" (xia2024agentless, 2025), while the index has the arXiv record "Agentless: Demystifying LLM-based Software
/// Engineering Agents" (2024, no authors): the workspace takes them for one paper, so completion offers the writer's key
/// and adds no second entry; papers that only share a subtitle stay apart.
/// </summary>
public sealed class BibTitleHeadTests
{
    private const string Bib = """
        @article{xia2024agentless,
            author = {Xia, Chunqiu Steven and Deng, Yinlin and Dunn, Soren and Zhang, Lingming},
            title = {Demystifying LLM-Based Software Engineering Agents},
            year = {2025},
            journal = {Proc. ACM Softw. Eng.}
        }
        """;

    private static Paper P(string title, int? year = null, string? author = null, string? arxiv = null) =>
        new() { Title = title, Year = year, Authors = author is null ? [] : [author], ArxivId = arxiv, Source = new PaperSource("t", SourceFormat.PapersJsonl, 1) };

    [Theory]
    [InlineData("Agentless: Demystifying LLM-based Software Engineering Agents", 2024, null, null, true)]
    [InlineData("Agentless: Demystifying LLM-based Software Engineering Agents", 2024, "Chunqiu Steven Xia", null, true)]
    [InlineData("Agentless: Demystifying LLM-based Software Engineering Agents", 2021, null, null, false)] // years apart
    [InlineData("Agentless: Demystifying LLM-based Software Engineering Agents", 2024, "Jane Doe", null, false)] // another first author
    [InlineData("A Long Name In Front: Demystifying LLM-based Software Engineering Agents", 2024, null, null, false)] // not a name
    [InlineData("Demystifying: LLM-based Software Engineering Agents", 2024, null, null, false)] // the rest is another title
    public void A_name_in_front_of_the_same_title_is_the_same_paper_unless_year_or_author_disagree(string title, int year, string? author, string? arxiv, bool same)
    {
        var bib = P("Demystifying LLM-Based Software Engineering Agents", 2025, "Chunqiu Steven Xia");
        Assert.Equal(same, BibIdentityIndex.SameUnderTitleHead(P(title, year, author, arxiv), bib));
        Assert.Equal(same, BibIdentityIndex.SameUnderTitleHead(bib, P(title, year, author, arxiv)));
    }

    [Fact]
    public void Two_papers_with_the_same_subtitle_under_different_names_stay_apart() =>
        Assert.False(BibIdentityIndex.SameUnderTitleHead(P("Alpha: Reasoning with Large Language Model Agents"), P("Beta: Reasoning with Large Language Model Agents")));

    [Fact]
    public void A_hover_on_the_bib_key_shows_the_index_records_summary()
    {
        var catalog = new FakePaperCatalog();
        catalog.Add("agentlessdemystifyingllm2024", "Agentless: Demystifying LLM-based Software Engineering Agents",
            "We present Agentless, an agentless approach that localizes faults hierarchically and then repairs them.", year: 2024);
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("reference.bib", Bib);
        var markdown = new PaperLsp.Features.Hover.HoverCardBuilder(catalog, bibliography).BuildMarkdown("xia2024agentless", includeRelated: false);
        Assert.NotNull(markdown);
        Assert.Contains("localizes faults hierarchically", markdown, StringComparison.Ordinal);
        Assert.Contains("Demystifying LLM-Based Software Engineering Agents", markdown, StringComparison.Ordinal); // the .bib's title
    }

    [Fact]
    public void Completion_offers_the_index_record_under_the_bib_key_of_its_published_version()
    {
        var catalog = new FakePaperCatalog();
        catalog.Add("agentlessdemystifyingllm2024", "Agentless: Demystifying LLM-based Software Engineering Agents",
            "Agentless localizes faults hierarchically, then repairs them and validates patches, without an agent loop.", year: 2024);
        catalog.Add("other2024agents", "Software Engineering Agents at Scale", "Agents with tools for repositories.", year: 2024);
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("reference.bib", Bib);
        const string text = "Agentless localizes faults hierarchically before repairing them~\\citep{";
        var items = new CitationCompletion(catalog, bibliography).Complete(new CompletionRequest(text, text.Length, DocumentLanguage.Latex, Limit: 20)).Items;
        Assert.Equal("xia2024agentless", items[0].Label);
        Assert.True(items[0].InBibliography);
        Assert.DoesNotContain(items, i => i.Label == "agentlessdemystifyingllm2024");
    }
}
