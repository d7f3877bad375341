using System.Numerics;

namespace PaperLsp.Embeddings.Vectors;

/// <summary>
/// Unit vectors kept compactly for a large index: int8 codes with one scale per vector (a quarter of the floats:
/// 91 MB for 237k × 384) and their sign bits around the mean (1/32 of the floats). No float copy is kept: a score is
/// the dot product of the exact (float) query with the dequantized codes, whose error is below 1/254 of the vector's
/// largest component per dimension. Searches scan the sign bits for candidates and re-score those with the codes.
/// Built once through <see cref="Builder"/>; immutable and thread-safe afterwards.
/// </summary>
public sealed class Int8VectorSet
{
    private readonly sbyte[] _codes;
    private readonly float[] _scales;
    private readonly ulong[] _signs;
    private readonly float[] _mean;
    private readonly int _words;

    private Int8VectorSet(sbyte[] codes, float[] scales, int count, int dimension)
    {
        _codes = codes;
        _scales = scales;
        Count = count;
        Dimension = dimension;
        _words = (dimension + 63) / 64;
        _mean = new float[dimension];
        var row = new float[dimension];
        for (var r = 0; r < count; r++)
        {
            Dequantize(r, row);
            System.Numerics.Tensors.TensorPrimitives.Add(_mean, row, _mean);
        }

        if (count > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(_mean, count, _mean);
        }

        _signs = new ulong[Math.Max(1, count) * _words];
        for (var r = 0; r < count; r++)
        {
            Dequantize(r, row);
            Encode(row, _signs.AsSpan(r * _words, _words));
        }
    }

    public int Count { get; }

    public int Dimension { get; }

    /// <summary>Bytes held (codes, scales, sign bits).</summary>
    public long ApproximateBytes => _codes.LongLength + (_scales.LongLength * 4) + (_signs.LongLength * 8);

    /// <summary>Dot product of a (normalised) query with row <paramref name="row"/>'s dequantized vector.</summary>
    public float Score(int row, ReadOnlySpan<float> query)
    {
        var codes = _codes.AsSpan(row * Dimension, Dimension);
        var sum = 0f;
        for (var i = 0; i < codes.Length; i++)
        {
            sum += codes[i] * query[i];
        }

        return sum * _scales[row];
    }

    /// <summary>Writes row <paramref name="row"/>'s dequantized vector into <paramref name="target"/>.</summary>
    public void Dequantize(int row, Span<float> target)
    {
        var codes = _codes.AsSpan(row * Dimension, Dimension);
        var scale = _scales[row];
        for (var i = 0; i < codes.Length; i++)
        {
            target[i] = codes[i] * scale;
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

        Span<ulong> queryCode = stackalloc ulong[_words];
        Encode(query, queryCode);
        var distances = System.Buffers.ArrayPool<ushort>.Shared.Rent(Count);
        try
        {
            var histogram = new int[(_words * 64) + 1];
            for (var row = 0; row < Count; row++)
            {
                var code = _signs.AsSpan(row * _words, _words);
                var distance = 0;
                for (var w = 0; w < code.Length; w++)
                {
                    distance += BitOperations.PopCount(code[w] ^ queryCode[w]);
                }

                distances[row] = (ushort)distance;
                histogram[distance]++;
            }

            var wanted = Math.Min(Count, Math.Max(k, candidates));
            var threshold = 0;
            for (var total = 0; threshold < histogram.Length; threshold++)
            {
                total += histogram[threshold];
                if (total >= wanted)
                {
                    break;
                }
            }

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
        }
    }

    private void Encode(ReadOnlySpan<float> vector, Span<ulong> code)
    {
        code.Clear();
        for (var i = 0; i < vector.Length; i++)
        {
            if (vector[i] > _mean[i])
            {
                code[i >> 6] |= 1UL << (i & 63);
            }
        }
    }

    /// <summary>Collects vectors one at a time (normalised on the way in), then <see cref="Build"/>s the set.</summary>
    public sealed class Builder(int dimension, int expectedCount = 1024)
    {
        private sbyte[] _codes = new sbyte[(long)Math.Max(1, expectedCount) * dimension];
        private float[] _scales = new float[Math.Max(1, expectedCount)];
        private readonly float[] _normalized = new float[dimension];

        public int Count { get; private set; }

        /// <summary>Adds a vector (of the set's dimension) and returns its row.</summary>
        public int Add(ReadOnlySpan<float> vector)
        {
            ArgumentOutOfRangeException.ThrowIfNotEqual(vector.Length, dimension);
            if (Count == _scales.Length)
            {
                Array.Resize(ref _scales, Count * 2);
                Array.Resize(ref _codes, Count * 2 * dimension);
            }

            vector.CopyTo(_normalized);
            VectorIndex.NormalizeInPlace(_normalized);
            _scales[Count] = QuantizedVectorIndex.Quantize(_normalized, _codes.AsSpan(Count * dimension, dimension));
            return Count++;
        }

        public Int8VectorSet Build()
        {
            if (_scales.Length != Count)
            {
                Array.Resize(ref _scales, Count);
                Array.Resize(ref _codes, Count * dimension);
            }

            return new Int8VectorSet(_codes, _scales, Count, dimension);
        }
    }
}
