namespace PaperLsp.Retrieval.Evaluation;

/// <summary>hit@1, hit@10 and MRR@10 over <see cref="Queries"/> queries.</summary>
public sealed record EvaluationMetrics(int Queries, double HitAt1, double HitAt10, double MrrAt10)
{
    /// <summary>Metrics from the 1-based rank of the first right answer per query (null = not in the top 10).</summary>
    public static EvaluationMetrics FromRanks(IReadOnlyList<int?> ranks)
    {
        if (ranks.Count == 0)
        {
            return new EvaluationMetrics(0, 0, 0, 0);
        }

        double n = ranks.Count;
        return new EvaluationMetrics(
            ranks.Count,
            ranks.Count(r => r == 1) / n,
            ranks.Count(r => r is <= 10) / n,
            ranks.Sum(r => r is { } k and <= 10 ? 1.0 / k : 0) / n);
    }
}
