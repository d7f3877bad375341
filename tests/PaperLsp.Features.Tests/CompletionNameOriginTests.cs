using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Tests;

/// <summary>
/// A name written just before the citation (GRPO) brings the paper that introduced it: of the papers mentioning the name,
/// the earliest whose title head names it or whose abstract introduces it, even when hundreds of later papers use the
/// name in their titles and the sentence's own search never reaches it.
/// </summary>
public sealed class CompletionNameOriginTests
{
    private static FakePaperCatalog Catalog()
    {
        var catalog = new FakePaperCatalog();
        for (var i = 0; i < 250; i++)
        {
            catalog.Add($"later{i:D3}", $"GRPO Variant Number {i} for Reasoning", "We train reasoning models with GRPO and report gains.", year: 2025);
        }

        catalog.Add("shao2024deepseekmath", "DeepSeekMath: Pushing the Limits of Mathematical Reasoning in Open Language Models",
            "We introduce Group Relative Policy Optimization (GRPO), a variant of PPO.", year: 2024);
        catalog.Add("old2019grpo", "Graph Routing with Priority Orders", "Routing in graphs; we mention GRPO in passing.", year: 2019);
        return catalog;
    }

    private static List<string> Keys(FakePaperCatalog catalog, string text, string weights = "") =>
        new CitationCompletion(catalog, new WorkspaceBibliography()) { Weights = CompletionWeights.Parse(weights) }
            .Complete(new CompletionRequest(text, text.Length, DocumentLanguage.Latex, Limit: 20)).Items.Select(i => i.Label).ToList();

    [Fact]
    public void The_paper_that_introduced_the_name_comes_first()
    {
        const string text = "We compare critic-free recipes.\n\\begin{itemize}\n  \\item \\textbf{GRPO}~\\citep{";
        var keys = Keys(Catalog(), text);
        Assert.Equal("shao2024deepseekmath", keys[0]);
        Assert.DoesNotContain("old2019grpo", keys.Take(3)); // older, but it only mentions the name

        var without = Keys(Catalog(), text, "origins=0");
        Assert.NotEqual("shao2024deepseekmath", without.FirstOrDefault());
    }

    [Fact]
    public void Once_a_key_is_typed_the_origin_keeps_its_lead_under_the_bib_key_that_its_index_key_does_not_start_with()
    {
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("refs.bib", """
            @article{guo2024grpomath, title = {DeepSeekMath: Pushing the Limits of Mathematical Reasoning in Open Language Models}, year = {2024}}
            @article{gao2025variant, title = {GRPO: A Variant for Reasoning}, year = {2025}}
            """);
        const string text = "We compare critic-free recipes.\n\\begin{itemize}\n  \\item \\textbf{GRPO}~\\citep{g";
        List<string> Typed(string weights) =>
            new CitationCompletion(Catalog(), bibliography) { Weights = CompletionWeights.Parse(weights) }
                .Complete(new CompletionRequest(text, text.Length, DocumentLanguage.Latex, Limit: 20)).Items.Select(i => i.Label).ToList();

        Assert.Equal("guo2024grpomath", Typed("")[0]);
        Assert.Equal("gao2025variant", Typed("origins=0")[0]);
    }

    [Fact]
    public void A_name_far_from_the_citation_brings_no_origin()
    {
        const string text = "GRPO is popular. Many later papers study reasoning benchmarks in other settings \\citep{";
        Assert.DoesNotContain("shao2024deepseekmath", Keys(Catalog(), text).Take(1));
    }

    [Theory]
    [InlineData("LocAgent: Graph-Guided LLM Agents for Code Localization", "", "locagent", true)]
    [InlineData("Agents for Code Localization", "We propose LocAgent, a framework.", "locagent", true)]
    [InlineData("DeepSeekMath", "We introduce Group Relative Policy Optimization (GRPO).", "grpo", true)]
    [InlineData("Variants of GRPO", "We study GRPO at scale.", "grpo", false)]
    [InlineData("A Survey: LocAgent and Friends", "", "locagent", false)]
    public void Introduced_by_reads_the_title_head_and_the_abstract(string title, string abstractText, string name, bool expected) =>
        Assert.Equal(expected, SentenceMatch.IntroducedBy(title, abstractText, name));
}
