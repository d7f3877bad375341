namespace PaperLsp.Retrieval.Evaluation;

/// <summary>
/// Completion as a writer meets it: share of cases whose true key is first (<see cref="HitAt1"/>), in the top 5
/// (<see cref="HitAt5"/>) after typing k = 0..3 of its characters, in the top 10 before typing, and the mean number of
/// typed characters until it is first.
/// </summary>
public sealed record TypingMetrics(int Cases, double[] HitAt1, double[] HitAt5, double HitAt10, double MeanKeystrokes)
{
    /// <summary>Metrics from per-case ranks (1-based, null = not offered) after k = 0..3 characters and keystrokes to first.</summary>
    public static TypingMetrics From(IReadOnlyList<(int?[] Ranks, int Keystrokes)> rows)
    {
        if (rows.Count == 0)
        {
            return new TypingMetrics(0, new double[4], new double[4], 0, 0);
        }

        double n = rows.Count;
        var hit1 = new double[4];
        var hit5 = new double[4];
        for (var k = 0; k < 4; k++)
        {
            hit1[k] = rows.Count(r => r.Ranks[k] == 1) / n;
            hit5[k] = rows.Count(r => r.Ranks[k] is <= 5) / n;
        }

        return new TypingMetrics(rows.Count, hit1, hit5, rows.Count(r => r.Ranks[0] is <= 10) / n, rows.Average(r => r.Keystrokes));
    }
}
