using PaperLsp.Features.Catalog;
using PaperLsp.Features.Completion;
using PaperLsp.Retrieval.Evaluation;
using PaperLsp.Features.Text;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Tests;

public sealed class CompletionSignalsTests
{
    [Fact]
    public void Section_title_is_the_last_heading_before_the_cursor_as_plain_text()
    {
        var text = "\\section{Introduction}\nIntro.\n\\subsection{Tree \\emph{search} methods}\nWe use MCTS \\cite{";
        Assert.Equal("Tree search methods", DocumentTopic.SectionTitle(text, text.Length, DocumentLanguage.Latex));
        Assert.Equal("Introduction", DocumentTopic.SectionTitle(text, text.IndexOf("Intro.", StringComparison.Ordinal), DocumentLanguage.Latex));
        Assert.Equal("", DocumentTopic.SectionTitle("No heading \\cite{", 16, DocumentLanguage.Latex));
        Assert.Equal("Related work", DocumentTopic.SectionTitle("# Paper\n\n## Related work\n\nAs in [@", 34, DocumentLanguage.Markdown));
    }

    [Fact]
    public void Topic_is_the_documents_title_and_abstract_without_markup()
    {
        var text = "\\title{Momentum for \\textbf{Inference} Scaling}\n\\begin{document}\n\\begin{abstract}\nWe orchestrate reasoning % note\n with momentum.\n\\end{abstract}\n";
        var topic = DocumentTopic.TitleAndAbstract(text, DocumentLanguage.Latex);
        Assert.StartsWith("Momentum for Inference Scaling. We orchestrate reasoning", topic, StringComparison.Ordinal);
        Assert.DoesNotContain("note", topic, StringComparison.Ordinal);
        Assert.Equal("", DocumentTopic.TitleAndAbstract("Just a sentence \\cite{a}.", DocumentLanguage.Latex));
    }

    [Fact]
    public void Ceiling_of_a_key_list_counts_the_keys_left_and_the_characters_that_set_the_key_apart()
    {
        var single = new TypingCase("s", "o", "x \\cite{", "wei2022chain", null, ["wei2022chain"]);
        Assert.Equal((1.0, 0.0), TypingEvaluator.Ceiling(single));

        // three keys left: first with chance 1/3; otherwise "wei2022c" (8 characters) sets it apart from wei2022emergent
        var list = new TypingCase("s", "o", "x \\cite{", "wei2022chain", null, ["wei2022chain", "wei2022emergent", "yao2023tree"]);
        var (hit, keys) = TypingEvaluator.Ceiling(list);
        Assert.Equal(1.0 / 3, hit, 6);
        Assert.Equal(2.0 / 3 * 8, keys, 6);
    }

    [Fact]
    public void Hubness_lowers_a_paper_that_is_close_to_content_free_sentences()
    {
        var catalog = new ProbeCatalog();
        var similarities = new Dictionary<long, double> { [1] = 0.80, [2] = 0.78 };
        var penalised = Hubness.Penalise(catalog, similarities, 1.0, CancellationToken.None);
        Assert.True(penalised[2] > penalised[1], "the paper close to every probe (1) falls below the specific one (2)");
        Assert.Equal(0.80 - 0.7, penalised[1], 6);
        Assert.Equal(0.78 - 0.2, penalised[2], 6);
        Assert.Equal(similarities, Hubness.Penalise(catalog, similarities, 0.0, CancellationToken.None));
    }

    /// <summary>A catalog whose paper 1 has similarity 0.7 and paper 2 0.2 to any text.</summary>
    private sealed class ProbeCatalog : IPaperCatalog
    {
        public int Count => 2;

        public StoredPaper? FindByKey(string keyOrArxivId) => null;

        public StoredPaper? FindSamePaper(PaperLsp.Ingestion.Model.Paper paper) => null;

        public IReadOnlyDictionary<long, double> Similarities(string context, IReadOnlyCollection<long> paperIds, CancellationToken cancellationToken) =>
            paperIds.ToDictionary(id => id, id => id == 1 ? 0.7 : 0.2);

        public IReadOnlyList<StoredPaper> FindByKeyPrefix(string prefix, int limit) => [];

        public IReadOnlyList<ScoredPaper> Search(PaperQuery query, CancellationToken cancellationToken) => [];

        public IReadOnlyList<ScoredPaper> Related(StoredPaper paper, int limit, CancellationToken cancellationToken) => [];
    }
}
