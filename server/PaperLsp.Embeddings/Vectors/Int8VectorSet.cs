using System.Numerics;

namespace PaperLsp.Embeddings.Vectors;

/// <summary>
/// Unit vectors kept compactly for a large index: int8 codes with one scale per vector (a quarter of the floats:
/// 91 MB for 237k × 384) and their sign bits around the mean (1/32 of the floats). No float copy is kept: a score is
/// the dot product of the exact (float) query with the dequantized codes, whose error is below 1/254 of the vector's
/// largest component per dimension. Searches scan the sign bits for candidates and re-score those with the codes.
/// Built once through <see cref="Builder"/> (or mapped from an <see cref="Int8VectorFile"/>); immutable and thread-safe afterwards.
/// </summary>
public sealed class Int8VectorSet
{
    private const int MaxStackDimension = 4096;

    private readonly Int8VectorData data;
    private readonly int words;

    private Int8VectorSet(sbyte[] codes, float[] scales, int count, int dimension)
    {
        words = (dimension + 63) / 64;
        var mean = new float[dimension];
        var row = new float[dimension];
        for (var r = 0; r < count; r++)
        {
            Dequantize(codes, scales, r, dimension, row);
            System.Numerics.Tensors.TensorPrimitives.Add(mean, row, mean);
        }

        if (count > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(mean, count, mean);
        }

        var signs = new ulong[Math.Max(1, count) * words];
        for (var r = 0; r < count; r++)
        {
            Dequantize(codes, scales, r, dimension, row);
            Encode(row, mean, signs.AsSpan(r * words, words));
        }

        data = new Int8VectorData(codes, scales, signs, mean, count, dimension);
    }

    internal Int8VectorSet(Int8VectorData data)
    {
        this.data = data;
        words = data.Words;
    }

    public int Count => data.Count;

    public int Dimension => data.Dimension;

    /// <summary>Bytes held (codes, scales, sign bits), in managed arrays or mapped from a file (<see cref="IsMapped"/>).</summary>
    public long ApproximateBytes => data.Bytes;

    /// <summary>True when the set is a view of a memory-mapped <see cref="Int8VectorFile"/> (its pages are the OS's to keep or drop).</summary>
    public bool IsMapped => data.IsMapped;

    internal Int8VectorData Data => data;

    /// <summary>Dot product of a (normalised) query with row <paramref name="row"/>'s dequantized vector.</summary>
    public float Score(int row, ReadOnlySpan<float> query)
    {
        var codes = data.RowCodes(row, Dimension <= MaxStackDimension ? stackalloc sbyte[Dimension] : new sbyte[Dimension]);
        var sum = 0f;
        for (var i = 0; i < codes.Length; i++)
        {
            sum += codes[i] * query[i];
        }

        var score = sum * data.Scales[row];
        GC.KeepAlive(data);
        return score;
    }

    /// <summary>Writes row <paramref name="row"/>'s dequantized vector into <paramref name="target"/>.</summary>
    public void Dequantize(int row, Span<float> target)
    {
        DequantizeRow(data.RowCodes(row, Dimension <= MaxStackDimension ? stackalloc sbyte[Dimension] : new sbyte[Dimension]), data.Scales[row], target);
        GC.KeepAlive(data);
    }

    private static void Dequantize(sbyte[] codes, float[] scales, int row, int dimension, Span<float> target) =>
        DequantizeRow(codes.AsSpan(row * dimension, dimension), scales[row], target);

    /// <summary>One row's vector from its int8 codes and scale (what the file writer computes its mean and sign bits from too).</summary>
    internal static void DequantizeRow(ReadOnlySpan<sbyte> rowCodes, float scale, Span<float> target)
    {
        for (var i = 0; i < rowCodes.Length; i++)
        {
            target[i] = rowCodes[i] * scale;
        }
    }

    /// <summary>
    /// Top-k by <see cref="Score"/> among the <paramref name="candidates"/> rows nearest in Hamming distance of the sign
    /// bits (at least k; more candidates, better recall). The query must be normalised.
    /// </summary>
    public VectorHit[] Search(ReadOnlySpan<float> query, int k, int candidates = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (k == 0 || Count == 0)
        {
            return [];
        }

        Span<ulong> queryCode = stackalloc ulong[words];
        Encode(query, data.Mean, queryCode);
        var distances = System.Buffers.ArrayPool<ushort>.Shared.Rent(Count);
        try
        {
            var histogram = new int[(words * 64) + 1];
            HammingCandidates.Distances(data.Signs, words, Count, queryCode, distances, histogram);
            var threshold = HammingCandidates.Threshold(histogram, Math.Min(Count, Math.Max(k, candidates)));

            var top = new TopKCollector(Math.Min(k, Count));
            for (var row = 0; row < Count; row++)
            {
                if (distances[row] <= threshold)
                {
                    top.Offer(row, Score(row, query));
                }
            }

            return top.ToSortedArray();
        }
        finally
        {
            System.Buffers.ArrayPool<ushort>.Shared.Return(distances);
            GC.KeepAlive(data);
        }
    }

    /// <summary>The sign bits of a vector against the set's mean: bit i set when component i is above the mean's.</summary>
    internal static void Encode(ReadOnlySpan<float> vector, ReadOnlySpan<float> mean, Span<ulong> code)
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

    /// <summary>Collects vectors one at a time (normalised on the way in), then <see cref="Build"/>s the set.</summary>
    public sealed class Builder(int dimension, int expectedCount = 1024)
    {
        private sbyte[] codes = new sbyte[(long)Math.Max(1, expectedCount) * dimension];
        private float[] scales = new float[Math.Max(1, expectedCount)];
        private readonly float[] normalized = new float[dimension];

        public int Count { get; private set; }

        /// <summary>Adds a vector (of the set's dimension) and returns its row.</summary>
        public int Add(ReadOnlySpan<float> vector)
        {
            ArgumentOutOfRangeException.ThrowIfNotEqual(vector.Length, dimension);
            if (Count == this.scales.Length)
            {
                Array.Resize(ref this.scales, Count * 2);
                Array.Resize(ref this.codes, Count * 2 * dimension);
            }

            vector.CopyTo(normalized);
            VectorIndex.NormalizeInPlace(normalized);
            this.scales[Count] = QuantizedVectorIndex.Quantize(normalized, this.codes.AsSpan(Count * dimension, dimension));
            return Count++;
        }

        public Int8VectorSet Build()
        {
            if (this.scales.Length != Count)
            {
                Array.Resize(ref this.scales, Count);
                Array.Resize(ref this.codes, Count * dimension);
            }

            return new Int8VectorSet(this.codes, this.scales, Count, dimension);
        }
    }
}
