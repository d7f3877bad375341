namespace PaperLsp.Storage;

/// <summary>
/// Per-thread BM25 score accumulator of the lexical searches (<see cref="LexicalIndex"/>, <see cref="MappedLexicalIndex"/>):
/// one slot per paper, zero between queries, and the slots a query touched.
/// </summary>
internal sealed class LexicalScratch(int papers)
{
    public float[] Scores { get; } = new float[papers];

    public List<int> Touched { get; } = new(4096);

    /// <summary>
    /// The <paramref name="limit"/> best touched slots as (row id, score), best first (ties: smaller id first), then
    /// clears the scratch for the next query.
    /// </summary>
    public List<(long Id, double Score)> TakeTop(ReadOnlySpan<long> rowIds, int limit)
    {
        var top = new PriorityQueue<int, (float Score, long NegativeId)>(limit + 1);
        var worstScore = float.NegativeInfinity;
        foreach (var doc in Touched)
        {
            var score = Scores[doc];
            if (score < worstScore)
            {
                continue; // below the current top's worst: no need to read its row id (most papers of a broad query)
            }

            var key = (score, -rowIds[doc]);
            if (top.Count < limit)
            {
                top.Enqueue(doc, key);
            }
            else if (top.TryPeek(out _, out var worst) && key.CompareTo(worst) > 0)
            {
                top.DequeueEnqueue(doc, key);
            }

            if (top.Count >= limit && top.TryPeek(out _, out var lowest))
            {
                worstScore = lowest.Score;
            }
        }

        var result = new List<(long Id, double Score)>(top.Count);
        while (top.TryDequeue(out var doc, out var key))
        {
            result.Add((rowIds[doc], key.Score));
        }

        foreach (var doc in Touched)
        {
            Scores[doc] = 0;
        }

        Touched.Clear();
        if (Touched.Capacity > Math.Max(1 << 18, Scores.Length))
        {
            Touched.Capacity = 4096; // keep the per-thread scratch small after an unusually broad query
        }

        result.Reverse();
        return result;
    }

    /// <summary>
    /// With <paramref name="remainingBound"/> the most the terms still to come can add to any paper: when at least
    /// <paramref name="limit"/> scored papers already score more than that (so no paper those terms would newly touch
    /// can reach the top), drops the scored papers that cannot reach the <paramref name="limit"/>-th best score either and
    /// returns the rest, ascending (they alone are scored from then on); otherwise null and nothing changes.
    /// </summary>
    public int[]? KeepReachable(int limit, double remainingBound)
    {
        if (limit <= 0 || Touched.Count < limit)
        {
            return null;
        }

        // The limit-th best score so far: a min-heap of the best scores.
        var best = new PriorityQueue<float, float>(limit + 1);
        foreach (var doc in Touched)
        {
            var score = Scores[doc];
            if (best.Count < limit)
            {
                best.Enqueue(score, score);
            }
            else if (score > best.Peek())
            {
                best.DequeueEnqueue(score, score);
            }
        }

        var threshold = (double)best.Peek();
        if (remainingBound >= threshold)
        {
            return null;
        }

        var kept = new List<int>();
        foreach (var doc in Touched)
        {
            if (Scores[doc] + remainingBound >= threshold)
            {
                kept.Add(doc);
            }
            else
            {
                Scores[doc] = 0;
            }
        }

        kept.Sort();
        Touched.Clear();
        Touched.AddRange(kept);
        return [.. kept];
    }
}
