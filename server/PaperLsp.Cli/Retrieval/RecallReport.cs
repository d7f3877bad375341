using PaperLsp.Features.Catalog;
using PaperLsp.Retrieval.Evaluation;

namespace PaperLsp.Cli.Retrieval;

/// <summary>
/// The table of <c>paperlsp eval --recall</c>: what the dense (vector) side finds that BM25 does not. For each query,
/// the first answer's rank in BM25's top 100, the vector ranking's top 100 and the fused (hybrid) top 10; then how many
/// queries the vector top 10 / top 100 answers while BM25's top 100 misses, and hit@10 of each ranking on those sets.
/// </summary>
internal static class RecallReport
{
    private const int Depth = 100;

    public static void Run(TextWriter output, string set, IReadOnlyList<EvaluationQuery> queries, IPaperCatalog lexical, IPaperCatalog vector, IPaperCatalog hybrid)
    {
        var rows = new (int? Lexical, int? Vector, int? Fused)[queries.Count];
        Parallel.For(0, queries.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var q = queries[i];
            rows[i] = (Rank(lexical, q, Depth), Rank(vector, q, Depth), Rank(hybrid, q, 10));
        });

        output.WriteLine();
        output.WriteLine($"dense recall on {set} ({queries.Count} queries): first answer's rank in BM25 top {Depth}, vector top {Depth}, fused top 10");
        output.WriteLine($"{"subset",-44} {"n",4} {"BM25 h@10",10} {"vector h@10",12} {"fused h@10",11} {"BM25 h@100",11} {"vector h@100",13}");
        var subsets = new (string Name, Func<(int? L, int? V, int? F), bool> Member)[]
        {
            ("all", _ => true),
            ("BM25 top 100 has an answer", r => r.L is not null),
            ("BM25 top 100 misses", r => r.L is null),
            ("vector top 10 finds what BM25 top 100 misses", r => r.L is null && r.V <= 10),
            ("vector top 100 finds what BM25 top 100 misses", r => r.L is null && r.V is not null),
            ("BM25 top 10 has it, vector top 100 not", r => r.L <= 10 && r.V is null),
            ("neither top 100", r => r.L is null && r.V is null),
        };
        foreach (var (name, member) in subsets)
        {
            var chosen = rows.Where(r => member(r)).ToList();
            double Share(Func<(int? L, int? V, int? F), bool> hit) => chosen.Count == 0 ? 0 : chosen.Count(hit) / (double)chosen.Count;
            output.WriteLine($"{name,-44} {chosen.Count,4} {Share(r => r.L <= 10),10:F3} {Share(r => r.V <= 10),12:F3} {Share(r => r.F <= 10),11:F3} {Share(r => r.L is not null),11:F3} {Share(r => r.V is not null),13:F3}");
        }
    }

    private static int? Rank(IPaperCatalog catalog, EvaluationQuery query, int depth)
    {
        var hits = catalog.Search(new PaperQuery(query.Text, Limit: depth), CancellationToken.None);
        for (var r = 0; r < hits.Count && r < depth; r++)
        {
            if (RetrievalEvaluator.IsAnswer(hits[r].Paper, query))
            {
                return r + 1;
            }
        }

        return null;
    }
}
