using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Catalog;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;
using PaperLsp.Ingestion.Model;
using PaperLsp.TestSupport;

namespace PaperLsp.Features.Tests;

/// <summary>
/// How a typed prefix combines with the sentence (<see cref="TypedRanking"/>), from two situations of the tuning papers'
/// typing replay: a .bib key first before typing lost first place after its first letter to another .bib key that the
/// catalog's typed search ranked higher (6,283-paper index, solvability: grattafiori2024llama after "g"), and a key cited
/// earlier in the same sentence came back above the right key after one letter (chen2025enigmata above chen2025towards
/// after "c"). Each case fails with the previous rule (<c>typedcatalog=1</c>, <c>againtyped=0</c>).
/// </summary>
public sealed class CompletionTypedRankingTests
{
    [Theory]
    [InlineData("Reinforcement learning alone elicits long reasoning \\citep{$0}.", "guo2025deepseek")]
    [InlineData("Reinforcement learning alone elicits long reasoning \\citep{g$0}.", "guo2025deepseek")]
    [InlineData("Reinforcement learning alone elicits long reasoning \\citep{gu$0}.", "guo2025deepseek")]
    [InlineData("Reinforcement learning alone elicits long reasoning \\citep{gr$0}.", "grattafiori2024llama")]
    public void A_key_the_sentence_puts_first_stays_first_while_the_typed_text_fits_it(string marked, string expected)
    {
        var completion = new CitationCompletion(SentenceOrderCatalog(), LlamaBibliography());

        Assert.Equal(expected, completion.Complete(Request(marked)).Items[0].Label);
    }

    [Fact]
    public void With_the_previous_rule_the_typed_search_rank_reordered_the_bib_keys()
    {
        var completion = new CitationCompletion(SentenceOrderCatalog(), LlamaBibliography()) { Weights = CompletionWeights.Parse("typedcatalog=1") };

        Assert.Equal("guo2025deepseek", completion.Complete(Request("Reinforcement learning alone elicits long reasoning \\citep{$0}.")).Items[0].Label);
        Assert.Equal("grattafiori2024llama", completion.Complete(Request("Reinforcement learning alone elicits long reasoning \\citep{g$0}.")).Items[0].Label); // key order, not the sentence
    }

    [Theory]
    [InlineData("c", "againtyped=0", "chen2025enigmata")]
    [InlineData("c", "", "chen2025towards")]
    [InlineData("che", "", "chen2025towards")]
    [InlineData("chen2025e", "", "chen2025enigmata")]
    public void A_key_cited_earlier_in_the_sentence_does_not_come_back_on_a_letter_or_two(string typed, string weights, string expected)
    {
        var text = "Most methods synthesize solvable puzzles~\\citep{chen2025enigmata} or verify rationale correctness~\\citep{" + typed + "$0}.";
        var catalog = new FakePaperCatalog()
            .Add("chen2025enigmata", "Enigmata: scaling logical reasoning with synthetic verifiable puzzles", "Solvable puzzles synthesized with verifiers for rationale correctness.", year: 2025, arxivId: "2505.19914")
            .Add("chen2025towards", "Towards reasoning era: a survey of long chain-of-thought", "Rationale correctness in long reasoning.", year: 2025, arxivId: "2503.09567");
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("refs.bib", """
            @article{chen2025enigmata, title={Enigmata: Scaling Logical Reasoning with Synthetic Verifiable Puzzles}, eprint={2505.19914}, year={2025}}
            @article{chen2025towards, title={Towards Reasoning Era: A Survey of Long Chain-of-Thought}, eprint={2503.09567}, year={2025}}
            """);
        var completion = new CitationCompletion(catalog, bibliography) { Weights = CompletionWeights.Parse(weights) };

        Assert.Equal(expected, completion.Complete(Request(text)).Items[0].Label);
    }

    private static CompletionRequest Request(string marked)
    {
        var snippet = MarkedText.Parse(marked);
        return new CompletionRequest(snippet.Text, snippet.Cursor, DocumentLanguage.Latex);
    }

    /// <summary>Two .bib entries whose titles the sentence matches as little (no shared word of four letters or more): only the catalog's ranking tells them apart.</summary>
    private static WorkspaceBibliography LlamaBibliography()
    {
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("refs.bib", """
            @article{guo2025deepseek, title={DeepSeek-R1: Incentivizing Capability via RL}, eprint={2501.12948}, year={2025}}
            @article{grattafiori2024llama, title={The Herd of Models}, eprint={2407.21783}, year={2024}}
            """);
        return bibliography;
    }

    /// <summary>The sentence's ranking puts DeepSeek-R1 first; a typed search answers in key order (as a large index's typed ranking adds the keys with the prefix).</summary>
    private static SentenceThenKeyOrderCatalog SentenceOrderCatalog() => new(
        new FakePaperCatalog()
            .Add("guo2025deepseek", "DeepSeek-R1: Incentivizing Capability via RL", year: 2025, arxivId: "2501.12948")
            .Add("grattafiori2024llama", "The Herd of Models", year: 2024, arxivId: "2407.21783"),
        ["guo2025deepseek", "grattafiori2024llama"]);

    private sealed class SentenceThenKeyOrderCatalog(FakePaperCatalog inner, string[] sentenceOrder) : ForwardingPaperCatalog(inner)
    {
        public override IReadOnlyList<ScoredPaper> Search(PaperQuery query, CancellationToken cancellationToken) =>
            (query.Typed.Length > 0
                ? inner.FindByKeyPrefix(query.Typed, query.Limit)
                : sentenceOrder.Select(k => inner.FindByKey(k)!).Take(query.Limit))
            .Select((p, rank) => new ScoredPaper(p, 1.0 / (1 + rank))).ToList();
    }
}
