using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;
using PaperLsp.Retrieval.Evaluation;

namespace PaperLsp.Features.Tests;

/// <summary>
/// Two situations of the tuning papers' typing replay (README, "Completion as a writer types"): a .bib holding one paper
/// under two keys (the solvability paper's Qwen3 report), and a generic sentence where, once a letter is typed, index
/// papers whose key fits it came before the document's own cited key (the codescout paper's LocAgent). Each case fails
/// with its rule switched off.
/// </summary>
public sealed class CompletionDuplicateAndTypedTests
{
    [Fact]
    public void Two_bib_entries_of_one_paper_are_one_candidate_under_the_first_key()
    {
        var request = Request("We train \\textbf{Qwen3-4B} in think mode \\citep{$0}.");
        var merged = new CitationCompletion(Catalog(), Bibliography()).Complete(request);
        var both = new CitationCompletion(Catalog(), Bibliography()) { Weights = CompletionWeights.Parse("mergeduplicates=0") }.Complete(request);

        Assert.Equal("yang2025qwen3", merged.Items[0].Label);
        Assert.DoesNotContain(merged.Items, i => i.Label == "yang2025qwen3technicalreport");
        Assert.EndsWith("in your .bib as yang2025qwen3 (also yang2025qwen3technicalreport)", merged.Items[0].Detail, StringComparison.Ordinal);
        Assert.Equal(["yang2025qwen3", "yang2025qwen3technicalreport"], both.Items.Take(2).Select(i => i.Label).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Of_two_bib_keys_of_one_paper_the_one_the_document_cites_is_offered()
    {
        var request = Request("Qwen3 \\citep{yang2025qwen3technicalreport} is strong.\n\nWe train \\textbf{Qwen3-4B} in think mode \\citep{$0}.");
        var result = new CitationCompletion(Catalog(), Bibliography()).Complete(request);

        Assert.Equal("yang2025qwen3technicalreport", result.Items[0].Label);
        Assert.DoesNotContain(result.Items, i => i.Label == "yang2025qwen3");
    }

    [Theory]
    [InlineData("yang2025qwen3t", "yang2025qwen3technicalreport")]
    [InlineData("yang2025qwen3", "yang2025qwen3 yang2025qwen3technicalreport")]
    [InlineData("yang", "yang2025qwen3 yang2025qwen3technicalreport")]
    public void Once_typed_the_keys_of_the_paper_the_text_fits_are_offered_side_by_side(string typed, string expected)
    {
        var request = Request("We train \\textbf{Qwen3-4B} in think mode \\citep{" + typed + "$0}.");
        var result = new CitationCompletion(Catalog(), Bibliography()).Complete(request);

        var offered = result.Items.Where(i => i.Label.StartsWith("yang2025qwen3", StringComparison.Ordinal)).Select(i => i.Label);
        Assert.Equal(expected, string.Join(' ', offered));
        Assert.Equal(expected.Split(' ')[0], result.Items[0].Label);
    }

    [Fact]
    public void A_key_typed_in_full_comes_first_although_a_longer_key_of_the_same_paper_begins_with_it()
    {
        // chen2025aware and chen2025awarefirstthinkless (first in the .bib) are one paper, as in the solvability paper
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("refs.bib", """
            @misc{chen2025awarefirstthinkless,
              title={Aware First, Think Less: Dynamic Boundary Self-Awareness Drives Extreme Reasoning Efficiency in Large Language Models},
              eprint={2508.11582}
            }
            @article{chen2025aware,
              title={Aware First, Think Less: Dynamic Boundary Self-Awareness Drives Extreme Reasoning Efficiency in Large Language Models},
              journal={arXiv preprint arXiv:2508.11582}
            }
            """);
        var completion = new CitationCompletion(Catalog(), bibliography);

        Assert.Equal("chen2025awarefirstthinkless", completion.Complete(Request("Efficient reasoning \\citep{$0}.")).Items[0].Label);
        Assert.DoesNotContain(completion.Complete(Request("Efficient reasoning \\citep{$0}.")).Items, i => i.Label == "chen2025aware");
        Assert.Equal("chen2025aware", completion.Complete(Request("Efficient reasoning \\citep{chen2025aware$0}.")).Items[0].Label);
    }

    [Fact]
    public void After_a_typed_letter_the_documents_cited_key_leads_index_papers_a_generic_sentence_matches_as_little()
    {
        // LocAgent is cited earlier in the document (another paragraph); the sentence names no method
        const string Text = "We extract ground truth with the scripts of LocAgent~\\citep{chen2025locagent}.\n\n"
            + "Our initial experiments used a string-based output format from \\citet{c$0}.";
        var request = Request(Text);
        var catalog = Catalog();
        var withPrior = new CitationCompletion(catalog, Bibliography()).Complete(request);
        var withoutPrior = new CitationCompletion(catalog, Bibliography()) { Weights = CompletionWeights.Parse("typedworkspace=0") }.Complete(request);

        Assert.Equal("chen2025locagent", withPrior.Items[0].Label);
        Assert.NotEqual("chen2025locagent", withoutPrior.Items[0].Label);
    }

    [Fact]
    public void The_replay_counts_another_bib_key_of_the_same_paper_as_the_expected_one()
    {
        var bibliography = Bibliography();
        var same = TypingEvaluator.SamePaperKeys(bibliography, "yang2025qwen3technicalreport");
        Assert.Equal(["yang2025qwen3"], same);
        Assert.Empty(TypingEvaluator.SamePaperKeys(bibliography, "chen2025locagent"));

        var completion = new CitationCompletion(Catalog(), bibliography);
        const string Before = "We train \\textbf{Qwen3-4B} in think mode \\citep{";
        var (strict, strictKeys) = TypingEvaluator.Replay(completion, Before, "yang2025qwen3technicalreport");
        var (byPaper, byPaperKeys) = TypingEvaluator.Replay(completion, Before, "yang2025qwen3technicalreport", samePaper: same);
        Assert.Equal(14, strictKeys); // "yang2025qwen3t" sets the two keys apart
        Assert.NotEqual(1, strict[0]);
        Assert.Equal(1, byPaper[0]);
        Assert.Equal(0, byPaperKeys);
    }

    private static CompletionRequest Request(string marked)
    {
        var snippet = MarkedText.Parse(marked);
        return new CompletionRequest(snippet.Text, snippet.Cursor, DocumentLanguage.Latex);
    }

    private static FakePaperCatalog Catalog() => new FakePaperCatalog()
        .Add("yang2025qwen3", "Qwen3 Technical Report", "Qwen3 models with a thinking mode and a non-thinking mode, from 0.6B to 235B parameters.", year: 2025, arxivId: "2505.09388")
        .Add("yang2024qwen2", "Qwen2 Technical Report", "The Qwen2 series of large language models.", year: 2024, arxivId: "2407.10671")
        .Add("chen2025locagent", "LocAgent: Graph-Guided LLM Agents for Code Localization", "An agent localizes code for issues with a graph of the repository.", year: 2025, arxivId: "2503.09089")
        .Add("capacity2014string", "Capacity of string-based output formats", "Initial experiments with string-based output formats from parsers.", year: 2014)
        .Add("chaincode2023", "Chain of code: output format experiments", "Our experiments used string-based output formats.", year: 2023)
        .Add("comparison2017decoding", "A comparison of output formats for decoding", "String-based output format from decoders in initial experiments.", year: 2017);

    /// <summary>The Qwen3 report twice (as the solvability paper's .bib holds it) and LocAgent.</summary>
    private static WorkspaceBibliography Bibliography()
    {
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("refs.bib", """
            @article{yang2025qwen3,
              title={Qwen3 technical report},
              journal={arXiv preprint arXiv:2505.09388},
              year={2025}
            }
            @article{chen2025locagent,
              title={LocAgent: Graph-Guided LLM Agents for Code Localization},
              year={2025}
            }
            @misc{yang2025qwen3technicalreport,
              title={Qwen3 Technical Report},
              eprint={2505.09388},
              archivePrefix={arXiv},
              year={2025}
            }
            """);
        return bibliography;
    }
}
