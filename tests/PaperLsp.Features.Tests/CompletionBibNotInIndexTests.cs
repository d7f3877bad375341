using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;
using PaperLsp.Retrieval.Evaluation;

namespace PaperLsp.Features.Tests;

/// <summary>
/// The .bib entries of papers the index lacks (42% of the tuning papers' .bib citations at 237k, README "Completion as
/// a writer types"): once a letter is typed such a key must not fall behind index papers that merely share the prefix,
/// and it is ordered by the sentence's meaning like an index paper, not by its key. Each case fails with its rule off.
/// </summary>
public sealed class CompletionBibNotInIndexTests
{
    [Fact]
    public void After_a_typed_letter_a_bib_key_the_index_lacks_leads_index_papers_that_match_the_sentence()
    {
        // as team2025kimi in the solvability paper: after "t" the index's t… keys that fit the sentence came first
        var catalog = new FakePaperCatalog()
            .Add("thinkbudget2025", "ThinkBudget: models reason at length before answering", "Models reason at length before answering questions.", year: 2025)
            .Add("thoughts2024long", "Long thoughts of models", "Models reason at length.", year: 2024);
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("refs.bib", """
            @article{team2025kimi,
              title={Kimi k1.5: Scaling Reinforcement Learning with LLMs},
              year={2025}
            }
            """);
        var request = Request("Models reason at length before answering, as in ThinkBudget \\citep{t$0}.");

        var now = new CitationCompletion(catalog, bibliography).Complete(request);
        var before = new CitationCompletion(catalog, bibliography) { Weights = CompletionWeights.Parse("typedworkspace=2") }.Complete(request);

        Assert.Equal("team2025kimi", now.Items[0].Label);
        Assert.NotEqual("team2025kimi", before.Items[0].Label);
    }

    [Fact]
    public void A_bib_entry_the_index_lacks_is_ordered_by_the_meaning_of_its_title_not_by_its_key()
    {
        // neither title shares a word with the sentence: without its meaning the entries tie and sort by key
        var catalog = new FakePaperCatalog { TextMeaning = (_, text) => text.Contains("Reflexion", StringComparison.Ordinal) ? 0.8 : 0.1 }
            .Add("unrelated2020", "Protein structure at scale", "Folding proteins.", year: 2020);
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("refs.bib", """
            @article{shinn2023a,
              title={Accurate protein folding with deep networks},
              year={2023}
            }
            @article{shinn2023b,
              title={Reflexion: verbal reinforcement for language models},
              year={2023}
            }
            """);
        var request = Request("Agents that learn from their own mistakes improve \\citep{shinn$0}.");

        var now = new CitationCompletion(catalog, bibliography).Complete(request);
        var wordsOnly = new CitationCompletion(catalog, bibliography) { Weights = CompletionWeights.Parse("bibmeaning=0") }.Complete(request);

        Assert.Equal("shinn2023b", now.Items[0].Label);
        Assert.Equal("shinn2023a", wordsOnly.Items[0].Label);
        Assert.Contains("Reflexion: verbal reinforcement for language models", catalog.TextsAsked);
        Assert.DoesNotContain("Protein structure at scale", catalog.TextsAsked); // an index paper has its own vector
    }

    [Fact]
    public void The_replay_of_keys_not_in_the_index_takes_the_bib_keys_the_overlap_file_leaves_unmatched()
    {
        var folder = Directory.CreateTempSubdirectory("paperlsp-typing-");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "src"));
            File.WriteAllText(Path.Combine(folder.FullName, "citation_overlap.json"), """
                {"summary": {"files_used": ["refs.bib", "main.tex"]},
                 "citations": [{"key": "inindex2024", "status": "matched", "corpus_id": "2401.00001"},
                               {"key": "missing2023", "status": "unmatched"}]}
                """);
            File.WriteAllText(Path.Combine(folder.FullName, "src", "refs.bib"), """
                @article{inindex2024, title={In the index}, year={2024}}
                @article{missing2023, title={Not in the index}, year={2023}}
                """);
            File.WriteAllText(Path.Combine(folder.FullName, "src", "main.tex"), "First \\citep{inindex2024}. Then \\citep{missing2023,inindex2024}.");

            var matched = TypingEvaluator.LoadCases(folder.FullName).Cases.Select(c => c.BibKey).ToList();
            var notInIndex = TypingEvaluator.LoadCases(folder.FullName, notInIndex: true).Cases.Select(c => c.BibKey).ToList();

            Assert.Equal(["inindex2024", "inindex2024"], matched);
            Assert.Equal(["missing2023"], notInIndex);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static CompletionRequest Request(string marked)
    {
        var snippet = MarkedText.Parse(marked);
        return new CompletionRequest(snippet.Text, snippet.Cursor, DocumentLanguage.Latex);
    }
}
