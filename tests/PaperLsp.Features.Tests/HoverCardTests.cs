using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Hover;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Tests;

public sealed class HoverCardTests
{
    [Fact]
    public void CardForACatalogPaper()
    {
        var card = Hover("Scaling \\citep{snell2024sca$0ling}.", DocumentLanguage.Latex)!;
        Assert.Equal("snell2024scaling", card.Key);
        var lines = card.Markdown.Split('\n');
        Assert.Equal("**Scaling LLM Test-Time Compute Optimally can be More Effective than Scaling Model Parameters**", lines[0]);
        Assert.Contains("Charlie Snell, Jaehoon Lee, Kelvin Xu et al. · 2024 · arXiv:2408.03314 · ▲ 88 upvotes", card.Markdown, StringComparison.Ordinal);
        Assert.Contains("**TL;DR:** In this paper we study the scaling of inference-time computation in LLMs. We find that a compute-optimal scaling strategy improves efficiency by more than 4x compared to a best-of-N baseline.", card.Markdown, StringComparison.Ordinal);
        Assert.Contains("*AI summary (Hugging Face):* Optimally allocating test-time compute beats scaling parameters.", card.Markdown, StringComparison.Ordinal);
        Assert.Contains("[arXiv](https://arxiv.org/abs/2408.03314) · [PDF](https://arxiv.org/pdf/2408.03314) · [HF paper page](https://huggingface.co/papers/2408.03314)", card.Markdown, StringComparison.Ordinal);
        Assert.Contains("**Related:**", card.Markdown, StringComparison.Ordinal);
        Assert.Contains("from the paper catalog (not in the workspace .bib)", card.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void CardForABibEntryIsEnrichedByTheCatalog()
    {
        var card = Hover("[@vaswani2017attention$0]", DocumentLanguage.Markdown)!;
        Assert.Contains("Ashish Vaswani, Noam Shazeer, Niki Parmar et al.", card.Markdown, StringComparison.Ordinal);
        Assert.Contains("*Advances in Neural Information Processing Systems*", card.Markdown, StringComparison.Ordinal);
        Assert.Contains("We propose a new simple network architecture", card.Markdown, StringComparison.Ordinal);
        Assert.Contains("in your .bib as vaswani2017attention (refs.bib)", card.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void AnIndexPaperWhoseKeyIsAnotherPapersBibKeyIsShownUnderAFreeKey()
    {
        var catalog = TestCorpus.Catalog().Add("li2025llms", "LLMs Caught in the Crossfire: Malware Requests and Jailbreak Challenges",
            "We study jailbreak attacks that leverage crafted malware requests.", ["Haoyang Li"], 2025, "2506.10022");
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("refs.bib", "@article{li2025llms, title={LLMs Can Easily Learn to Reason from Demonstrations}, journal={arXiv preprint arXiv:2502.07374}, year={2025}}");
        var builder = new HoverCardBuilder(catalog, bibliography);
        var snippet = MarkedText.Parse("See arXiv:2506.100$022 for the attacks.");

        var card = builder.Build(snippet.Text, snippet.Cursor, DocumentLanguage.Markdown)!;

        Assert.StartsWith("**LLMs Caught in the Crossfire", card.Markdown, StringComparison.Ordinal);
        Assert.EndsWith("`li2025llmscaught` · from the paper catalog, not in your .bib; cited under this key because `li2025llms` in your .bib is another paper", card.Markdown, StringComparison.Ordinal);
        var bibCard = builder.BuildMarkdown("li2025llms")!;
        Assert.StartsWith("**LLMs Can Easily Learn to Reason from Demonstrations**", bibCard, StringComparison.Ordinal);
        Assert.Contains("in your .bib as li2025llms", bibCard, StringComparison.Ordinal);
    }

    [Fact]
    public void CardForAKeyOnlyInTheBib()
    {
        var card = Hover("\\cite{lewis2020rag$0}", DocumentLanguage.Latex)!;
        Assert.StartsWith("**Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks**", card.Markdown, StringComparison.Ordinal);
        Assert.Contains("Patrick Lewis and Ethan Perez · 2020 · *NeurIPS*", card.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Related", card.Markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("see 2408.03$0314 for details", "2408.03314", "2408.03314")]
    [InlineData("see arXiv:2408.03314v2$0.", "2408.03314", "arXiv:2408.03314v2")]
    [InlineData("(arxiv: 1706.0$03762)", "1706.03762", "arxiv: 1706.03762")]
    public void CardForABareArxivId(string marked, string expectedId, string expectedRangeText)
    {
        var snippet = MarkedText.Parse(marked);
        var card = Builder().Build(snippet.Text, snippet.Cursor, DocumentLanguage.Markdown)!;
        Assert.Equal(expectedId, card.Key);
        Assert.Equal(expectedRangeText, snippet.Text[card.Start..card.End]);
    }

    [Theory]
    [InlineData("\\cite{unknown2099$0}")]
    [InlineData("\\cite{$0}")]
    [InlineData("version 1.2$03 of the tool")]
    [InlineData("see 2413.0$01234")]
    [InlineData("see 9912.0$01234 unknown")]
    [InlineData("no citation h$0ere")]
    public void NoCardForUnknownOrNonCitations(string marked) => Assert.Null(Hover(marked, DocumentLanguage.Latex));

    private static HoverCardBuilder Builder()
    {
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("refs.bib", TestCorpus.ReferencesBib);
        return new HoverCardBuilder(TestCorpus.Catalog(), bibliography);
    }

    private static HoverCard? Hover(string marked, DocumentLanguage language)
    {
        var snippet = MarkedText.Parse(marked);
        return Builder().Build(snippet.Text, snippet.Cursor, language);
    }
}
