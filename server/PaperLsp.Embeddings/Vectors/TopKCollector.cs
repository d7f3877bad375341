namespace PaperLsp.Embeddings.Vectors;

/// <summary>
/// Keeps the k best (score, row) pairs seen so far in a min-heap whose root is the worst kept pair. Order: higher
/// score first, ties broken by lower row, so results are deterministic.
/// </summary>
internal sealed class TopKCollector
{
    private readonly float[] _scores;
    private readonly int[] _rows;
    private int _count;

    public TopKCollector(int k)
    {
        _scores = new float[k];
        _rows = new int[k];
    }

    public int Count => _count;

    public bool IsFull => _count == _scores.Length;

    /// <summary>Score a candidate must beat (when full) to enter.</summary>
    public float Threshold => IsFull ? _scores[0] : float.NegativeInfinity;

    public void Offer(int row, float score)
    {
        if (_scores.Length == 0 || float.IsNaN(score))
        {
            return;
        }

        if (_count < _scores.Length)
        {
            var i = _count++;
            _scores[i] = score;
            _rows[i] = row;
            SiftUp(i);
            return;
        }

        if (!Better(score, row, _scores[0], _rows[0]))
        {
            return;
        }

        _scores[0] = score;
        _rows[0] = row;
        SiftDown(0);
    }

    public void OfferAll(TopKCollector other)
    {
        for (var i = 0; i < other._count; i++)
        {
            Offer(other._rows[i], other._scores[i]);
        }
    }

    /// <summary>The kept pairs, best first.</summary>
    public VectorHit[] ToSortedArray()
    {
        var hits = new VectorHit[_count];
        for (var i = 0; i < _count; i++)
        {
            hits[i] = new VectorHit(_rows[i], _scores[i]);
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
            if (!Better(_scores[parent], _rows[parent], _scores[i], _rows[i]))
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
            if (left >= _count)
            {
                return;
            }

            var worst = left;
            var right = left + 1;
            if (right < _count && Better(_scores[left], _rows[left], _scores[right], _rows[right]))
            {
                worst = right;
            }

            if (!Better(_scores[i], _rows[i], _scores[worst], _rows[worst]))
            {
                return;
            }

            Swap(i, worst);
            i = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_rows[a], _rows[b]) = (_rows[b], _rows[a]);
    }
}
