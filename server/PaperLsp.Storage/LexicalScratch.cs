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
        foreach (var doc in Touched)
        {
            var key = (Scores[doc], -rowIds[doc]);
            if (top.Count < limit)
            {
                top.Enqueue(doc, key);
            }
            else if (top.TryPeek(out _, out var worst) && key.CompareTo(worst) > 0)
            {
                top.DequeueEnqueue(doc, key);
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
        if (Touched.Capacity > 1 << 18)
        {
            Touched.Capacity = 4096; // keep the per-thread scratch small after an unusually broad query
        }

        result.Reverse();
        return result;
    }
}
