using System.Numerics;

namespace PaperLsp.Embeddings.Vectors;

/// <summary>
/// A one-bit-per-dimension sketch of a <see cref="VectorIndex"/> for fast approximate-then-exact top-k: each vector,
/// centred on the mean of all vectors, is kept as its sign bits (64 bytes for 512 dimensions, 1/16 of the floats).
/// A search ranks every row by Hamming distance to the query's sign bits (a histogram picks the closest
/// <c>candidates</c> without sorting), then re-scores those candidates with the exact float dot product, so returned
/// scores are exact and only the candidate set is approximate. Immutable snapshot of the rows present when built.
/// </summary>
public sealed class BinaryVectorIndex
{
    private readonly VectorIndex floats;
    private readonly float[] mean;
    private readonly ulong[] codes;
    private readonly int words;

    private BinaryVectorIndex(VectorIndex floats, float[] mean, ulong[] codes, int rows)
    {
        this.floats = floats;
        this.mean = mean;
        this.codes = codes;
        words = WordsFor(floats.Dimension);
        Count = rows;
    }

    /// <summary>Rows covered (the float index's count when built).</summary>
    public int Count { get; }

    /// <summary>Builds the sign codes of every row of <paramref name="source"/> (one pass to average, one to encode).</summary>
    public static BinaryVectorIndex FromIndex(VectorIndex source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var rows = source.Count;
        var dimension = source.Dimension;
        var mean = new float[dimension];
        for (var row = 0; row < rows; row++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(mean, source.GetVector(row), mean);
        }

        if (rows > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(mean, rows, mean);
        }

        var words = WordsFor(dimension);
        var codes = new ulong[Math.Max(1, rows) * words];
        Parallel.For(0, rows, row => Encode(source.GetVector(row), mean, codes.AsSpan(row * words, words)));
        return new BinaryVectorIndex(source, mean, codes, rows);
    }

    /// <summary>
    /// Top-k by exact float score among the <paramref name="candidates"/> rows nearest in Hamming distance
    /// (at least k; more candidates, better recall).
    /// </summary>
    public VectorHit[] Search(ReadOnlySpan<float> query, int k, int candidates = 512)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (k == 0 || Count == 0)
        {
            return [];
        }

        var prepared = floats.PrepareQuery(query);
        Span<ulong> queryCode = stackalloc ulong[words];
        Encode(prepared, mean, queryCode);

        var distances = System.Buffers.ArrayPool<ushort>.Shared.Rent(Count); // no large-object allocation per search
        try
        {
            return SearchWith(distances, prepared, queryCode, k, candidates);
        }
        finally
        {
            System.Buffers.ArrayPool<ushort>.Shared.Return(distances);
        }
    }

    private VectorHit[] SearchWith(ushort[] distances, float[] prepared, ReadOnlySpan<ulong> queryCode, int k, int candidates)
    {
        var histogram = new int[(words * 64) + 1];
        if (words == 8)
        {
            HammingDistances8(queryCode, distances, histogram); // 512 dimensions: the default model's size, unrolled
        }
        else
        {
            HammingCandidates.Distances(codes, words, Count, queryCode, distances, histogram);
        }

        var threshold = HammingCandidates.Threshold(histogram, Math.Min(Count, Math.Max(k, candidates)));

        var exact = new TopKCollector(Math.Min(k, Count));
        for (var row = 0; row < Count; row++)
        {
            if (distances[row] <= threshold)
            {
                exact.Offer(row, floats.Score(row, prepared));
            }
        }

        return exact.ToSortedArray();
    }

    private void HammingDistances8(ReadOnlySpan<ulong> query, ushort[] distances, int[] histogram)
    {
        ulong q0 = query[0], q1 = query[1], q2 = query[2], q3 = query[3], q4 = query[4], q5 = query[5], q6 = query[6], q7 = query[7];
        var codes = this.codes.AsSpan(0, Count * 8);
        var rows = distances.AsSpan(0, Count);
        for (var row = 0; row < rows.Length; row++)
        {
            var c = codes.Slice(row * 8, 8);
            var distance = BitOperations.PopCount(c[0] ^ q0) + BitOperations.PopCount(c[1] ^ q1)
                + BitOperations.PopCount(c[2] ^ q2) + BitOperations.PopCount(c[3] ^ q3)
                + BitOperations.PopCount(c[4] ^ q4) + BitOperations.PopCount(c[5] ^ q5)
                + BitOperations.PopCount(c[6] ^ q6) + BitOperations.PopCount(c[7] ^ q7);
            rows[row] = (ushort)distance;
            histogram[distance]++;
        }
    }

    private static int WordsFor(int dimension) => (dimension + 63) / 64;

    private static void Encode(ReadOnlySpan<float> vector, ReadOnlySpan<float> mean, Span<ulong> code)
    {
        code.Clear();
        for (var i = 0; i < vector.Length; i++)
        {
            if (vector[i] > mean[i])
            {
                code[i >> 6] |= 1UL << (i & 63);
            }
        }
    }
}
