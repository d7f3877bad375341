using PaperLsp.Features.Catalog;
using PaperLsp.Retrieval.Evaluation;

namespace PaperLsp.Cli.Retrieval;

/// <summary>
/// The per-query file of <c>paperlsp eval --retrieval-cases</c>, for error analysis: set, half (tune / held-out),
/// origin, the first answer's rank in the top 100 of each ranking (empty = not there), the last ranking's top 3 titles
/// and the query text.
/// </summary>
internal static class RetrievalCases
{
    private const int Depth = 100;

    public static void Write(TextWriter writer, IReadOnlyList<EvaluationQuery> queries, Func<EvaluationQuery, int, bool> isTuning, IReadOnlyList<(string Name, IPaperCatalog Catalog)> rankings)
    {
        var rows = new string[queries.Count];
        Parallel.For(0, queries.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var q = queries[i];
            var ranks = new List<string>();
            IReadOnlyList<ScoredPaper> last = [];
            foreach (var (_, catalog) in rankings)
            {
                last = catalog.Search(new PaperQuery(q.Text, Limit: Depth), CancellationToken.None);
                var rank = last.Select((hit, r) => (hit, r)).FirstOrDefault(x => RetrievalEvaluator.IsAnswer(x.hit.Paper, q)) is { hit: not null } found ? (found.r + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
                ranks.Add(rank);
            }

            var top = string.Join(" | ", last.Take(3).Select(h => h.Paper.Paper.Title.Replace('\t', ' ')));
            rows[i] = string.Join('\t', [q.Set, isTuning(q, i) ? "tune" : "held-out", q.Origin, .. ranks, top, q.Text.Replace('\t', ' ')]);
        });

        writer.WriteLine(string.Join('\t', ["set", "half", "origin", .. rankings.Select(r => r.Name), "top 3 (" + (rankings.Count > 0 ? rankings[^1].Name : "") + ")", "query"]));
        foreach (var row in rows)
        {
            writer.WriteLine(row);
        }
    }
}
