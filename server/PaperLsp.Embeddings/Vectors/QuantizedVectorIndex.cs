namespace PaperLsp.Embeddings.Vectors;

/// <summary>
/// Approximate-then-exact top-k: each vector is also kept as int8 codes with one scale per vector
/// (value ≈ code × scale, codes in [-127, 127]). A search ranks all rows by the int8 dot product, keeps the best
/// k × <c>rescoreFactor</c> candidates, and re-scores those with the float vectors, so returned scores are exact.
/// Scanning int8 codes reads a quarter of the memory a float scan does.
/// </summary>
public sealed class QuantizedVectorIndex
{
    public const int DefaultRescoreFactor = 4;

    private readonly VectorIndex floats;
    private readonly Lock writeGate = new();
    private Snapshot snapshot;

    public QuantizedVectorIndex(int dimension, int initialCapacity = 1024, bool normalize = true)
        : this(new VectorIndex(dimension, initialCapacity, normalize))
    {
    }

    private QuantizedVectorIndex(VectorIndex floats)
    {
        this.floats = floats;
        var rows = floats.Count;
        var codes = new sbyte[(long)Math.Max(1, rows) * floats.Dimension];
        var scales = new float[Math.Max(1, rows)];
        Parallel.For(0, rows, row =>
            scales[row] = Quantize(floats.GetVector(row), codes.AsSpan(row * floats.Dimension, floats.Dimension)));

        snapshot = new Snapshot(codes, scales, rows);
    }

    public int Dimension => this.floats.Dimension;

    public int Count => Volatile.Read(ref this.snapshot).Count;

    /// <summary>The float index holding the exact vectors used for re-scoring.</summary>
    public VectorIndex Exact => this.floats;

    /// <summary>Quantizes every vector of <paramref name="source"/>; later additions must go through this index.</summary>
    public static QuantizedVectorIndex FromIndex(VectorIndex source) => new(source);

    public int Add(ReadOnlySpan<float> vector)
    {
        lock (writeGate)
        {
            var row = floats.Add(vector);
            var current = snapshot;
            var codes = current.Codes;
            var scales = current.Scales;
            if ((long)(row + 1) * Dimension > codes.Length)
            {
                var capacity = Math.Max(row + 1, current.Scales.Length * 2);
                Array.Resize(ref codes, capacity * Dimension);
                Array.Resize(ref scales, capacity);
            }

            scales[row] = Quantize(floats.GetVector(row), codes.AsSpan(row * Dimension, Dimension));
            Volatile.Write(ref snapshot, new Snapshot(codes, scales, row + 1));
            return row;
        }
    }

    /// <summary>Top-k by exact float score among the k × <paramref name="rescoreFactor"/> best int8 candidates.</summary>
    public VectorHit[] Search(ReadOnlySpan<float> query, int k, int rescoreFactor = DefaultRescoreFactor, int maxDegreeOfParallelism = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfLessThan(rescoreFactor, 1);
        var prepared = floats.PrepareQuery(query);
        var snapshot = Volatile.Read(ref this.snapshot);
        var rows = snapshot.Count;
        if (k == 0 || rows == 0)
        {
            return [];
        }

        var queryCodes = new sbyte[Dimension];
        var queryScale = Quantize(prepared, queryCodes);
        var candidateCount = (int)Math.Min(rows, (long)k * rescoreFactor);
        var candidates = ApproximateTopK(snapshot, queryCodes, queryScale, candidateCount, maxDegreeOfParallelism);

        var exact = new TopKCollector(Math.Min(k, rows));
        foreach (var candidate in candidates)
        {
            exact.Offer(candidate.Row, floats.Score(candidate.Row, prepared));
        }

        return exact.ToSortedArray();
    }

    /// <summary>Top-k by the int8 approximation alone (scores are approximate).</summary>
    public VectorHit[] SearchApproximate(ReadOnlySpan<float> query, int k, int maxDegreeOfParallelism = 0)
    {
        var prepared = floats.PrepareQuery(query);
        var snapshot = Volatile.Read(ref this.snapshot);
        var queryCodes = new sbyte[Dimension];
        var queryScale = Quantize(prepared, queryCodes);
        return ApproximateTopK(snapshot, queryCodes, queryScale, Math.Min(k, snapshot.Count), maxDegreeOfParallelism);
    }

    /// <summary>Writes int8 codes for <paramref name="vector"/> and returns the scale (max |value| / 127).</summary>
    internal static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        var maxAbs = 0f;
        foreach (var value in vector)
        {
            maxAbs = Math.Max(maxAbs, Math.Abs(value));
        }

        if (maxAbs == 0f || !float.IsFinite(maxAbs))
        {
            codes.Clear();
            return 0f;
        }

        var inverse = 127f / maxAbs;
        for (var i = 0; i < vector.Length; i++)
        {
            codes[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] * inverse), -127f, 127f);
        }

        return maxAbs / 127f;
    }

    private VectorHit[] ApproximateTopK(Snapshot snapshot, sbyte[] queryCodes, float queryScale, int k, int maxDegreeOfParallelism)
    {
        if (k <= 0)
        {
            return [];
        }

        var rows = snapshot.Count;
        var dimension = Dimension;
        var partitions = VectorIndex.PartitionCount(rows, maxDegreeOfParallelism);
        var partials = new TopKCollector[partitions];
        void Scan(int p)
        {
            var (start, end) = VectorIndex.PartitionBounds(rows, partitions, p);
            var local = new TopKCollector(Math.Min(k, end - start));
            var codes = snapshot.Codes.AsSpan();
            for (var row = start; row < end; row++)
            {
                var score = Int8Dot.Dot(codes.Slice(row * dimension, dimension), queryCodes) * snapshot.Scales[row] * queryScale;
                if (!local.IsFull || score > local.Threshold)
                {
                    local.Offer(row, score);
                }
            }

            partials[p] = local;
        }

        if (partitions == 1)
        {
            Scan(0);
            return partials[0].ToSortedArray();
        }

        Parallel.For(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = partitions }, Scan);
        var merged = new TopKCollector(k);
        foreach (var partial in partials)
        {
            merged.OfferAll(partial);
        }

        return merged.ToSortedArray();
    }

    private sealed record Snapshot(sbyte[] Codes, float[] Scales, int Count);
}
