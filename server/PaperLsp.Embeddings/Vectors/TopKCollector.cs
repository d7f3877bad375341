namespace PaperLsp.Embeddings.Vectors;

/// <summary>
/// Keeps the k best (score, row) pairs seen so far in a min-heap whose root is the worst kept pair. Order: higher
/// score first, ties broken by lower row, so results are deterministic.
/// </summary>
internal sealed class TopKCollector
{
    private readonly float[] scores;
    private readonly int[] rows;
    private int count;

    public TopKCollector(int k)
    {
        scores = new float[k];
        rows = new int[k];
    }

    public int Count => count;

    public bool IsFull => count == scores.Length;

    /// <summary>Score a candidate must beat (when full) to enter.</summary>
    public float Threshold => IsFull ? scores[0] : float.NegativeInfinity;

    public void Offer(int row, float score)
    {
        if (scores.Length == 0 || float.IsNaN(score))
        {
            return;
        }

        if (count < scores.Length)
        {
            var i = count++;
            scores[i] = score;
            rows[i] = row;
            SiftUp(i);
            return;
        }

        if (!Better(score, row, scores[0], rows[0]))
        {
            return;
        }

        scores[0] = score;
        rows[0] = row;
        SiftDown(0);
    }

    public void OfferAll(TopKCollector other)
    {
        for (var i = 0; i < other.count; i++)
        {
            Offer(other.rows[i], other.scores[i]);
        }
    }

    /// <summary>The kept pairs, best first.</summary>
    public VectorHit[] ToSortedArray()
    {
        var hits = new VectorHit[count];
        for (var i = 0; i < count; i++)
        {
            hits[i] = new VectorHit(rows[i], scores[i]);
        }

        Array.Sort(hits, static (a, b) => Better(a.Score, a.Row, b.Score, b.Row) ? -1 : Better(b.Score, b.Row, a.Score, a.Row) ? 1 : 0);
        return hits;
    }

    internal static bool Better(float score, int row, float otherScore, int otherRow) =>
        score > otherScore || (score == otherScore && row < otherRow);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Better(scores[parent], rows[parent], scores[i], rows[i]))
            {
                return;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var left = (2 * i) + 1;
            if (left >= count)
            {
                return;
            }

            var worst = left;
            var right = left + 1;
            if (right < count && Better(scores[left], rows[left], scores[right], rows[right]))
            {
                worst = right;
            }

            if (!Better(scores[i], rows[i], scores[worst], rows[worst]))
            {
                return;
            }

            Swap(i, worst);
            i = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (scores[a], scores[b]) = (scores[b], scores[a]);
        (rows[a], rows[b]) = (rows[b], rows[a]);
    }
}
