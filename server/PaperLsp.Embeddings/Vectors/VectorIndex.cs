using System.Numerics.Tensors;

namespace PaperLsp.Embeddings.Vectors;

/// <summary>
/// Exact top-k search by dot product over vectors kept in one contiguous float32 matrix (row-major). Vectors are
/// L2-normalised on insertion (unless told otherwise), so the dot product is the cosine similarity. Searches
/// split the rows across cores and may run concurrently with each other and with <see cref="Add"/>.
/// </summary>
public sealed class VectorIndex
{
    /// <summary>Below this many rows a search runs on the calling thread.</summary>
    private const int ParallelThresholdRows = 16_384;

    private readonly Lock writeGate = new();
    private readonly bool normalize;
    private Snapshot snapshot;

    public VectorIndex(int dimension, int initialCapacity = 1024, bool normalize = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        Dimension = dimension;
        this.normalize = normalize;
        snapshot = new Snapshot(new float[(long)Math.Max(1, initialCapacity) * dimension], 0);
    }

    public int Dimension { get; }

    public int Count => Volatile.Read(ref this.snapshot).Count;

    /// <summary>Builds an index over a row-major matrix (copied, normalised when <paramref name="normalize"/>).</summary>
    public static VectorIndex FromMatrix(ReadOnlySpan<float> matrix, int dimension, bool normalize = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (matrix.Length % dimension != 0)
        {
            throw new ArgumentException($"matrix length {matrix.Length} is not a multiple of dimension {dimension}", nameof(matrix));
        }

        var copy = new float[Math.Max(matrix.Length, dimension)];
        matrix.CopyTo(copy);
        return Wrap(copy, matrix.Length / dimension, dimension, normalize);
    }

    /// <summary>
    /// Builds an index that takes ownership of <paramref name="matrix"/> (no copy; its rows are normalised in place
    /// when <paramref name="normalize"/>). The caller must not use the array afterwards.
    /// </summary>
    public static VectorIndex FromOwnedMatrix(float[] matrix, int dimension, bool normalize = true)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (matrix.Length % dimension != 0)
        {
            throw new ArgumentException($"matrix length {matrix.Length} is not a multiple of dimension {dimension}", nameof(matrix));
        }

        return Wrap(matrix.Length == 0 ? new float[dimension] : matrix, matrix.Length / dimension, dimension, normalize);
    }

    private static VectorIndex Wrap(float[] data, int rows, int dimension, bool normalize)
    {
        var index = new VectorIndex(dimension, 0, normalize);
        if (normalize)
        {
            for (var row = 0; row < rows; row++)
            {
                NormalizeInPlace(data.AsSpan(row * dimension, dimension));
            }
        }

        index.snapshot = new Snapshot(data, rows);
        return index;
    }

    /// <summary>Appends a vector; returns its row number.</summary>
    public int Add(ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimension)
        {
            throw new ArgumentException($"vector has {vector.Length} values, the index holds {Dimension}", nameof(vector));
        }

        lock (writeGate)
        {
            var current = snapshot;
            var data = current.Data;
            var needed = (long)(current.Count + 1) * Dimension;
            if (needed > data.Length)
            {
                var grown = new float[Math.Max(needed, Math.Min((long)data.Length * 2, Array.MaxLength / Dimension * (long)Dimension))];
                data.AsSpan(0, current.Count * Dimension).CopyTo(grown);
                data = grown;
            }

            var target = data.AsSpan(current.Count * Dimension, Dimension);
            vector.CopyTo(target);
            if (normalize)
            {
                NormalizeInPlace(target);
            }

            Volatile.Write(ref snapshot, new Snapshot(data, current.Count + 1));
            return current.Count;
        }
    }

    /// <summary>The stored (normalised) vector of a row.</summary>
    public ReadOnlySpan<float> GetVector(int row)
    {
        var snapshot = Volatile.Read(ref this.snapshot);
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, snapshot.Count);
        return snapshot.Data.AsSpan(row * Dimension, Dimension);
    }

    /// <summary>
    /// The <paramref name="k"/> rows with the highest dot product with <paramref name="query"/> (normalised first
    /// when the index normalises), best first; ties go to the lower row.
    /// </summary>
    public VectorHit[] Search(ReadOnlySpan<float> query, int k, int maxDegreeOfParallelism = 0)
    {
        var normalizedQuery = PrepareQuery(query);
        var snapshot = Volatile.Read(ref this.snapshot);
        return SearchRows(snapshot.Data, snapshot.Count, Dimension, normalizedQuery, k, maxDegreeOfParallelism);
    }

    /// <summary>Dot product of a stored row with a query already prepared like the stored vectors.</summary>
    internal float Score(int row, ReadOnlySpan<float> preparedQuery) => TensorPrimitives.Dot(GetVector(row), preparedQuery);

    internal float[] PrepareQuery(ReadOnlySpan<float> query)
    {
        if (query.Length != Dimension)
        {
            throw new ArgumentException($"query has {query.Length} values, the index holds {Dimension}", nameof(query));
        }

        var prepared = query.ToArray();
        if (normalize)
        {
            NormalizeInPlace(prepared);
        }

        return prepared;
    }

    internal static VectorHit[] SearchRows(float[] data, int rows, int dimension, float[] query, int k, int maxDegreeOfParallelism)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (k == 0 || rows == 0)
        {
            return [];
        }

        var partitions = PartitionCount(rows, maxDegreeOfParallelism);
        if (partitions == 1)
        {
            var single = new TopKCollector(Math.Min(k, rows));
            ScanRange(data, dimension, query, 0, rows, single);
            return single.ToSortedArray();
        }

        var partials = new TopKCollector[partitions];
        Parallel.For(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = partitions }, p =>
        {
            var (start, end) = PartitionBounds(rows, partitions, p);
            var local = new TopKCollector(Math.Min(k, end - start));
            ScanRange(data, dimension, query, start, end, local);
            partials[p] = local;
        });

        var merged = new TopKCollector(Math.Min(k, rows));
        foreach (var partial in partials)
        {
            merged.OfferAll(partial);
        }

        return merged.ToSortedArray();
    }

    internal static int PartitionCount(int rows, int maxDegreeOfParallelism)
    {
        var cores = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
        return rows < ParallelThresholdRows ? 1 : Math.Max(1, Math.Min(cores, rows / (ParallelThresholdRows / 4)));
    }

    internal static (int Start, int End) PartitionBounds(int rows, int partitions, int partition) =>
        ((int)((long)rows * partition / partitions), (int)((long)rows * (partition + 1) / partitions));

    /// <summary>Scales a vector to unit length; all-zero vectors stay zero. Safe for tiny and huge values.</summary>
    internal static void NormalizeInPlace(Span<float> vector)
    {
        if (vector.IsEmpty)
        {
            return;
        }

        var norm = TensorPrimitives.Norm(vector);
        if (norm is > 1e-18f and < 1e18f)
        {
            TensorPrimitives.Divide(vector, norm, vector);
            return;
        }

        // The squares under- or overflowed: bring the largest magnitude to 1 first, then normalise.
        var largest = Math.Abs(TensorPrimitives.MaxMagnitude(vector));
        if (largest == 0f || !float.IsFinite(largest))
        {
            return;
        }

        TensorPrimitives.Divide(vector, largest, vector);
        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
    }

    private static void ScanRange(float[] data, int dimension, float[] query, int start, int end, TopKCollector top)
    {
        var matrix = data.AsSpan();
        for (var row = start; row < end; row++)
        {
            var score = TensorPrimitives.Dot(matrix.Slice(row * dimension, dimension), query);
            if (!top.IsFull || score > top.Threshold)
            {
                top.Offer(row, score);
            }
        }
    }

    private sealed record Snapshot(float[] Data, int Count);
}
