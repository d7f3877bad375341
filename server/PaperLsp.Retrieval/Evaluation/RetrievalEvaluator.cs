using PaperLsp.Features.Catalog;
using PaperLsp.Ingestion.Identity;
using PaperLsp.Ingestion.Model;
using PaperLsp.Storage;

namespace PaperLsp.Retrieval.Evaluation;

/// <summary>Runs evaluation queries against a catalog and scores the top 10.</summary>
public static class RetrievalEvaluator
{
    /// <summary>1-based rank of the first right answer in the top 10 of each query, or null.</summary>
    public static IReadOnlyList<int?> Ranks(
        IPaperCatalog catalog,
        IReadOnlyList<EvaluationQuery> queries,
        CancellationToken cancellationToken = default)
    {
        var ranks = new int?[queries.Count];
        Parallel.For(0, queries.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var q = queries[i];
            var hits = catalog.Search(new PaperQuery(q.Text, Limit: 10), cancellationToken);
            for (var r = 0; r < hits.Count && r < 10; r++)
            {
                if (IsAnswer(hits[r].Paper, q))
                {
                    ranks[i] = r + 1;
                    break;
                }
            }
        });
        return ranks;
    }

    /// <summary>True when the paper is one of the query's answers (by arXiv id or by normalised title).</summary>
    public static bool IsAnswer(StoredPaper paper, EvaluationQuery query) =>
        (paper.Paper.ArxivId is { } id && query.AnswerArxivIds.Contains(id))
        || query.AnswerTitleKeys.Contains(PaperIdentity.TitleKey(paper.Paper.Title));
}
