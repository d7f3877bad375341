using PaperLsp.Retrieval.Evaluation;
using PaperLsp.Retrieval;
using PaperLsp.TestSupport;

namespace PaperLsp.Retrieval.Tests;

public sealed class EvaluationTests
{
    [Fact]
    public void Metrics_follow_their_definitions()
    {
        var m = EvaluationMetrics.FromRanks([1, 2, null, 10, 11]);
        Assert.Equal(5, m.Queries);
        Assert.Equal(0.2, m.HitAt1, 9);
        Assert.Equal(0.6, m.HitAt10, 9);
        Assert.Equal((1 + 0.5 + 0.1) / 5, m.MrrAt10, 9);
        Assert.Equal(0, EvaluationMetrics.FromRanks([]).Queries);
    }

    [Theory]
    [InlineData("short text", 100, "short text")]
    [InlineData("alpha beta gamma delta", 12, "alpha beta")]
    [InlineData("abcdefghijklmnop", 5, "abcde")]
    public void Embedding_text_is_cut_at_a_word_boundary(string text, int max, string expected) =>
        Assert.Equal(expected, EmbeddingIndexer.Truncate(text, max));

    [SkippableFact]
    public void Authored_queries_load_with_their_expected_titles()
    {
        var path = SharedData.RequireOrSkip("eval/context-queries.tsv");
        var queries = EvaluationSets.LoadTsv(path);
        Assert.Equal(30, queries.Count);
        Assert.All(queries, q => Assert.Single(q.AnswerTitleKeys));
    }

    [SkippableFact]
    public void Every_real_latex_paper_yields_citing_sentences_with_answers_and_its_bib()
    {
        var root = SharedData.RequireOrSkip("latex");
        var total = 0;
        foreach (var folder in Directory.GetDirectories(root))
        {
            var (queries, bibs) = EvaluationSets.LoadLatexPaper(folder);
            Assert.NotEmpty(bibs);
            Assert.True(queries.Count >= 10, $"{folder}: {queries.Count} queries");
            Assert.All(queries, q => Assert.True(q.AnswerArxivIds.Count + q.AnswerTitleKeys.Count > 0));
            Assert.All(queries, q => Assert.DoesNotContain("\\cite", q.Text, StringComparison.Ordinal));
            Assert.NotEmpty(EvaluationSets.ReadBibPapers(bibs));
            total += queries.Count;
        }

        Assert.InRange(total, 100, 200);
    }
}
