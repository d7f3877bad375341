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

    [Fact]
    public void An_acronym_spelled_out_in_other_letter_cases_is_not_the_origin_of_the_writers_name()
    {
        // "Very Large Language Models (VLLMs)" (2019) is not where the writer's vLLM comes from; the serving system's paper
        // (which names vLLM without spelling it out) is the one to offer
        var catalog = new FakePaperCatalog();
        catalog.Add("waldorfwastelesslanguage2019", "WaLDORf: Wasteless Language-model Distillation On Reading-comprehension",
            "Transformer based Very Large Language Models (VLLM) like BERT are resource intensive to deploy; we distil them.", year: 2019);
        catalog.Add("kwon2023efficient", "Efficient Memory Management for Large Language Model Serving with PagedAttention",
            "High throughput serving of large language models needs batching. On top of PagedAttention we build vLLM, an LLM serving system.", year: 2023);
        for (var i = 0; i < 8; i++)
        {
            catalog.Add($"later{i:D2}", $"Graph Benchmarks Number {i}", $"A study of graph topic {i}; inference runs on vLLM.", year: 2025);
        }

        const string text = "We train with the verl framework and serve rollouts with vLLM~\\citep{";
        var keys = Keys(catalog, text);
        Assert.NotEqual("waldorfwastelesslanguage2019", keys[0]);
        var waldorf = keys.IndexOf("waldorfwastelesslanguage2019");
        Assert.True(keys.Contains("kwon2023efficient") && (waldorf < 0 || keys.IndexOf("kwon2023efficient") < waldorf), string.Join(", ", keys));
    }

    [Theory]
    [InlineData("Very Large Language Models (VLLMs) like BERT.", "vLLM", false)]
    [InlineData("Very Large Language Models (VLLMs) like BERT.", "VLLM", true)]
    [InlineData("We introduce Group Relative Policy Optimization (GRPO).", "GRPO", true)]
    [InlineData("We introduce Group Relative Policy Optimization (GRPO).", null, true)]
    public void A_spelled_out_acronym_introduces_the_name_only_as_the_writer_spells_it(string abstractText, string? spelling, bool expected) =>
        Assert.Equal(expected, SentenceMatch.IntroducedBy("A Paper", abstractText, spelling?.ToLowerInvariant() ?? "grpo", spelling is null ? null : new WrittenName(spelling, null)));

    [Theory]
    [InlineData("A Paper", "In this paper, we propose Reversal of Thought (RoT), a plug-and-play framework.", true)]
    [InlineData("A Paper", "We study Rules of Thumb (RoT) for moral judgements.", false)]
    [InlineData("RoT: Enhancing Large Language Models with Reflection on Search Trees", "We introduce Reflection on search Trees (RoT), a framework.", false)]
    [InlineData("RoT: Reversing Thoughts", "A framework for reasoning backwards.", true)]
    public void A_name_the_writer_spelled_out_is_introduced_only_by_a_paper_that_spells_it_out_alike(string title, string abstractText, bool expected) =>
        Assert.Equal(expected, SentenceMatch.IntroducedBy(title, abstractText, "rot", new WrittenName("RoT", "reversal of thought")));

    [Fact]
    public void Names_records_how_the_writer_wrote_each_name()
    {
        var written = new Dictionary<string, WrittenName>(StringComparer.Ordinal);
        var names = SentenceMatch.Names("We serve rollouts with vLLM. Similarly, Reversal of Thought (RoT)~", 1.0, written);
        Assert.Contains("vllm", names.Keys);
        Assert.Equal(new WrittenName("vLLM", null), written["vllm"]);
        Assert.Equal(new WrittenName("RoT", "reversal of thought"), written["rot"]);
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
