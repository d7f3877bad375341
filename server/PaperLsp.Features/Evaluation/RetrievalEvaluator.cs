using PaperLsp.Features.Catalog;
using PaperLsp.Ingestion.Identity;
using PaperLsp.Ingestion.Model;
using PaperLsp.Storage;

namespace PaperLsp.Features.Evaluation;

/// <summary>Runs evaluation queries against a catalog and scores the top 10.</summary>
public static class RetrievalEvaluator
{
    /// <summary>1-based rank of the first right answer in the top 10 of each query, or null.</summary>
    public static IReadOnlyList<int?> Ranks(
        IPaperCatalog catalog,
        IReadOnlyList<EvaluationQuery> queries,
        Func<EvaluationQuery, IReadOnlySet<string>?>? boostKeys = null,
        CancellationToken cancellationToken = default)
    {
        var ranks = new int?[queries.Count];
        Parallel.For(0, queries.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var q = queries[i];
            var hits = catalog.Search(new PaperQuery(q.Text, Limit: 10, BoostKeys: boostKeys?.Invoke(q)), cancellationToken);
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

    /// <summary>
    /// The citation keys of the index's papers that a workspace's .bib entries describe (matched by arXiv id or
    /// DOI, else by exact normalised title among lexical hits) — what the workspace-bibliography boost favours.
    /// </summary>
    public static IReadOnlySet<string> ResolveBibKeys(IPaperCatalog catalog, PaperStore store, IEnumerable<Paper> bibPapers)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var paper in bibPapers)
        {
            var hit = paper.ArxivId is { } arxiv ? catalog.FindByKey(arxiv) : null;
            hit ??= paper.Doi is { } doi ? catalog.FindByKey(doi) : null;
            if (hit is null)
            {
                var titleKey = PaperIdentity.TitleKey(paper.Title);
                var candidates = store.GetMany(store.SearchLexical(paper.Title, 5).Select(h => h.Id).ToList());
                hit = candidates.FirstOrDefault(c => PaperIdentity.TitleKey(c.Paper.Title) == titleKey);
            }

            if (hit is not null)
            {
                keys.Add(hit.CitationKey);
            }
        }

        return keys;
    }
}
