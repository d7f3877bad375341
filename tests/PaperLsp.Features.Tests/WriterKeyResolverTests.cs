using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Papers;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Tests;

/// <summary>
/// Keys the writer cited without a .bib (<c>jimenez2024swebench</c>) resolved by their shape to the index paper they
/// stand for, and what completion does with them.
/// </summary>
public sealed class WriterKeyResolverTests
{
    private static FakePaperCatalog Index() => new FakePaperCatalog()
        .Add("jimenez2023swe", "SWE-bench: Can Language Models Resolve Real-World GitHub Issues?", "a benchmark of real github issues and pull requests for language models", ["Carlos E. Jimenez", "John Yang"], 2023)
        .Add("liu2024swe", "SWE-bench-java: A GitHub Issue Resolving Benchmark for Java", "github issues in java repositories", ["Wei Liu"], 2024)
        .Add("li2025llms", "LLMs Caught in the Crossfire: Malware Requests and Jailbreak Challenges", "malware requests jailbreak benchmark", ["Haoyang Li"], 2025)
        .Add("li2025llmsa", "LLMs Can Easily Learn to Reason from Demonstrations", "long chain of thought reasoning from few demonstrations", ["Dacheng Li"], 2025)
        .Add("wang2023mmlu", "MMLU-CF: A Contamination-free Multi-task Language Understanding Benchmark", "contamination free multiple choice questions", ["Qihao Wang"], 2023)
        .Add("wang2024mmlu", "MMLU-Pro: A More Robust and Challenging Multi-Task Language Understanding Benchmark", "harder multiple choice questions with ten options", ["Yubo Wang"], 2024)
        .Add("shinn2023reflexion", "Reflexion: Language Agents with Verbal Reinforcement Learning", "agents reflect verbally on feedback and keep a memory", ["Noah Shinn"], 2023)
        .Add("madaan2023self", "Self-Refine: Iterative Refinement with Self-Feedback", "iterative feedback memory for agents that reflect", ["Aman Madaan"], 2023)
        .Add("kim2022vision", "Vision Transformers for Remote Sensing", "satellite images classified by vision transformers", ["Jae Kim"], 2022)
        .Add("chen2025locagent", "LocAgent: Graph-Guided LLM Agents for Code Localization", "agents localize code in repositories with a graph", ["Zhaoling Chen"], 2025)
        .Add("palixscaling2023", "PaLI-X: On Scaling up a Multilingual Vision and Language Model", "a vision and language model", [], 2023)
        .Add("llamalensspecialized2024", "LlamaLens: Specialized Multilingual LLM for Analyzing News", "news analysis", [], 2024);

    [Theory]
    [InlineData("jimenez2024swebench", "jimenez", 2024, "swebench")]
    [InlineData("Vaswani2017Attention", "vaswani", 2017, "attention")]
    [InlineData("chen-etal-2025-locagent", "chen", 2025, "locagent")]
    [InlineData("zheng-and-li-2023-click", "zheng", 2023, "click")]
    [InlineData("openai2024gpt4o", "openai", 2024, "gpt4o")]
    public void A_scholar_or_anthology_key_is_read_as_surname_year_and_word(string key, string surname, int year, string word) =>
        Assert.Equal(new WriterKey(surname, year, word), WriterKeyResolver.Parse(key));

    [Theory]
    [InlineData("survey-rl")]
    [InlineData("smith2020")]
    [InlineData("2020smith")]
    [InlineData("smith1820attention")]
    [InlineData("Smith:2020:Attention")]
    [InlineData("")]
    public void A_key_without_that_shape_is_not_read(string key) => Assert.Null(WriterKeyResolver.Parse(key));

    [Theory]
    [InlineData("jimenez2024swebench", "jimenez2023swe")] // venue year one after the preprint; the index splits SWE-bench
    [InlineData("wang2024mmlupro", "wang2024mmlu")]
    [InlineData("wang2024mmlu", "wang2024mmlu")] // both MMLU papers fit; the same year wins over the neighbouring MMLU-CF
    [InlineData("li2025llmscan", "li2025llmsa")] // the stop word "Can" spelled out sets the two Li 2025 "LLMs" papers apart
    [InlineData("chen-etal-2025-locagent", "chen2025locagent")]
    [InlineData("shinn2024reflexion", "shinn2023reflexion")]
    [InlineData("jimenez2024swebenchlanguagemodelsresolve", "jimenez2023swe")] // Better BibTeX style: several title words, stop words left out
    public void A_key_resolves_to_the_one_paper_that_fits_its_surname_year_and_word(string key, string expected) =>
        Assert.Equal(expected, WriterKeyResolver.For(Index()).Resolve(key)?.CitationKey);

    [Theory]
    [InlineData("smith2024swebench")] // another first author
    [InlineData("jimenez2021swebench")] // two years off
    [InlineData("jimenez2024benchmark")] // a word that does not open the title
    [InlineData("li2025llms2")] // the word fits no title
    [InlineData("gao2023pal")] // "pal" opens "PaLI-X" only halfway through its first word (real: PAL, not in this index)
    [InlineData("grattafiori2024llama")] // likewise "LlamaLens" (real: The Llama 3 Herd of Models)
    [InlineData("vaswani2017attention")] // not in the index
    [InlineData("survey-rl")]
    public void A_key_that_nothing_fits_stays_unresolved(string key) =>
        Assert.Null(WriterKeyResolver.For(Index()).Resolve(key));

    [Fact]
    public void A_key_two_index_papers_fit_equally_stays_unresolved()
    {
        // li2025llms: both Li 2025 papers open with "LLMs" (the writer's may be either) — the key cannot tell which, so no guess
        Assert.Null(WriterKeyResolver.For(Index()).Resolve("li2025llms"));
        Assert.Null(WriterKeyResolver.For(Index()).Resolve("li2024llms"));
    }

    [Fact]
    public void A_record_without_authors_counts_when_no_record_by_the_writers_first_author_fits_as_well()
    {
        var authorless = new FakePaperCatalog()
            .Add("swebenchlanguage2023", "SWE-bench: Can Language Models Resolve Real-World GitHub Issues?", "real github issues", [], 2023)
            .Add("swebenchjava2024", "SWE-bench-java: A GitHub Issue Resolving Benchmark for Java", "java issues", [], 2026);
        Assert.Equal("swebenchlanguage2023", WriterKeyResolver.For(authorless).Resolve("jimenez2024swebench")?.CitationKey);
        Assert.Equal("swebenchlanguage2023", WriterKeyResolver.For(authorless).Resolve("jimenez2024swebenchlanguagemodelsresolve")?.CitationKey); // Better BibTeX: several title words

        var both = Index().Add("swebenchlanguage2023", "SWE-bench: Can Language Models Resolve Real-World GitHub Issues? (preprint)", "real github issues", [], 2023);
        Assert.Equal("jimenez2023swe", WriterKeyResolver.For(both).Resolve("jimenez2024swebench")?.CitationKey);
    }

    [Fact]
    public void A_record_without_authors_of_the_same_year_comes_before_one_by_the_first_author_a_year_off()
    {
        // guo2025deepseek: the index has Guo's DeepSeek-Coder (2024) and DeepSeek-R1 without authors (2025)
        var catalog = new FakePaperCatalog()
            .Add("guo2024deepseek", "DeepSeek-Coder: When the Large Language Model Meets Programming", "code models", ["Daya Guo"], 2024)
            .Add("deepseekr12025", "DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning", "reasoning", [], 2025);
        Assert.Equal("deepseekr12025", WriterKeyResolver.For(catalog).Resolve("guo2025deepseek")?.CitationKey);
        Assert.Equal("guo2024deepseek", WriterKeyResolver.For(catalog).Resolve("guo2024deepseek")?.CitationKey);
    }

    [Fact]
    public void A_key_whose_lookup_is_cut_short_stays_unresolved()
    {
        // "data" opens more index keys than one lookup reads: the one record that fits among them may not be the only one
        var catalog = new FakePaperCatalog();
        for (var i = 0; i < 120; i++)
        {
            catalog.Add($"data{i:D3}x2023", $"Data {i:D3} X", "", [], 2023);
        }

        catalog.Add("datamanagement2023", "Data Management for Training Large Language Models", "", [], 2023);
        Assert.Null(WriterKeyResolver.For(catalog).Resolve("wang2023data"));
        Assert.Equal("datamanagement2023", WriterKeyResolver.For(catalog).Resolve("wang2023datamanagement")?.CitationKey);
    }

    [Fact]
    public void An_answer_is_found_again_once_the_index_has_changed()
    {
        var catalog = new FakePaperCatalog().Add("kim2022vision", "Vision Transformers for Remote Sensing", "satellite images", ["Jae Kim"], 2022);
        var resolver = WriterKeyResolver.For(catalog);
        Assert.Null(resolver.Resolve("shinn2024reflexion"));
        catalog.Add("shinn2023reflexion", "Reflexion: Language Agents with Verbal Reinforcement Learning", "agents reflect", ["Noah Shinn"], 2023);
        Assert.Equal("shinn2023reflexion", resolver.Resolve("shinn2024reflexion")?.CitationKey);
    }

    private static List<(string Label, string Detail)> Complete(FakePaperCatalog catalog, string text, string weights = "") =>
        new CitationCompletion(catalog, new WorkspaceBibliography()) { Weights = CompletionWeights.Parse(weights) }
            .Complete(new CompletionRequest(text, text.Length, DocumentLanguage.Latex)).Items.Select(i => (i.Label, i.Detail)).ToList();

    private const string Cited = "Agents are evaluated on real github issues from SWE-bench \\cite{jimenez2024swebench}.\n\n";

    [Fact]
    public void Without_a_bib_a_paper_cited_before_under_the_writers_key_is_offered_under_that_key()
    {
        var text = Cited + "Most agents are scored on github issues and pull requests \\cite{";
        var items = Complete(Index(), text);
        Assert.Equal("jimenez2024swebench", items[0].Label);
        Assert.Contains("cited in this document as jimenez2024swebench", items[0].Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(items, i => i.Label == "jimenez2023swe"); // one paper, one candidate

        var off = Complete(Index(), text, "writerkeys=0");
        Assert.Equal("jimenez2023swe", off[0].Label);
        Assert.DoesNotContain(off, i => i.Label == "jimenez2024swebench");
    }

    [Theory]
    [InlineData("jimenez2024swebench", "SWE-bench: Can Language Models Resolve Real-World GitHub Issues?")]
    [InlineData("chen-etal-2025-locagent", "LocAgent: Graph-Guided LLM Agents for Code Localization")]
    public void Without_a_bib_a_hover_on_the_writers_key_shows_the_paper_it_stands_for(string key, string title)
    {
        var card = new PaperLsp.Features.Hover.HoverCardBuilder(Index(), new WorkspaceBibliography()).BuildMarkdown(key, includeRelated: false);
        Assert.NotNull(card);
        Assert.Contains(title, card, StringComparison.Ordinal);
        Assert.Contains($"`{key}` · from the paper catalog: the one paper this key's shape", card, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("li2025llms2")] // the word fits no title
    [InlineData("gao2023pal")] // "pal" opens "PaLI-X" only halfway through its first word (real: PAL, not in this index)
    [InlineData("grattafiori2024llama")] // likewise "LlamaLens" (real: The Llama 3 Herd of Models)
    [InlineData("nobody2024swebench")] // no paper by that surname
    public void A_hover_on_a_key_nothing_fits_shows_no_card(string key) =>
        Assert.Null(new PaperLsp.Features.Hover.HoverCardBuilder(Index(), new WorkspaceBibliography()).BuildMarkdown(key, includeRelated: false));

    [Fact]
    public void A_key_cited_before_does_not_top_a_sentence_that_does_not_match_it()
    {
        var text = "Agents are evaluated on real github issues \\cite{jimenez2024swebench}. Satellite images are classified by vision transformers \\cite{";
        var items = Complete(Index(), text);
        Assert.Equal("kim2022vision", items[0].Label);
    }

    [Fact]
    public void A_key_cited_in_the_paragraph_gives_its_neighbours_once_resolved()
    {
        // shinn2024reflexion is not an index key: only its shape says it is Reflexion, whose neighbour Self-Refine joins
        var text = "Agents can improve with verbal critiques kept in memory \\cite{shinn2024reflexion}. Similar loops were also studied by others in this setting \\cite{";
        Assert.Contains(Complete(Index(), text, "citedrelated=5"), i => i.Label == "madaan2023self");
        Assert.DoesNotContain(Complete(Index(), text, "citedrelated=5,writerkeys=0"), i => i.Label == "madaan2023self");
    }

    [Fact]
    public void With_a_bib_a_key_of_the_bib_is_not_resolved_by_its_shape()
    {
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("refs.bib", "@article{jimenez2024swebench, title={A Different Paper on Something Else}, author={Jimenez, Ana}, year={2024}}");
        var text = Cited + "Most agents are scored on github issues and pull requests \\cite{";
        var items = new CitationCompletion(Index(), bibliography).Complete(new CompletionRequest(text, text.Length, DocumentLanguage.Latex)).Items;
        Assert.Contains(items, i => i.Label == "jimenez2023swe");
        Assert.DoesNotContain(items, i => i.Label == "jimenez2024swebench" && !i.InBibliography);
    }
}
