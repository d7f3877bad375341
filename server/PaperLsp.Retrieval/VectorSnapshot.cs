using PaperLsp.Embeddings;
using PaperLsp.Embeddings.Vectors;
using PaperLsp.Storage;

namespace PaperLsp.Retrieval;

/// <summary>
/// The vectors one catalog snapshot ranks with, by paper id: exact floats (optionally with an int8 scan) on small
/// indexes, or only int8 codes and sign bits (<see cref="Int8VectorSet"/>) on large ones, where a float copy would be
/// most of the process's memory. The int8 form is written once per vector content to a file beside the index
/// (<see cref="Int8VectorFile"/>) and memory-mapped at later starts. Rows are found by binary search over the paper ids
/// (ascending), not a hash map. Immutable; thread-safe.
/// </summary>
internal sealed class VectorSnapshot
{
    private readonly long[] rowIds;
    private readonly Dictionary<long, int>? rowOfId;
    private readonly VectorIndex? exact;
    private readonly QuantizedVectorIndex? quantized;
    private readonly Int8VectorSet? compact;

    private VectorSnapshot(long[] rowIds, VectorIndex? exact, QuantizedVectorIndex? quantized, Int8VectorSet? compact)
    {
        this.rowIds = rowIds;
        this.exact = exact;
        this.quantized = quantized;
        this.compact = compact;
        for (var i = 1; i < rowIds.Length; i++)
        {
            if (rowIds[i] <= rowIds[i - 1])
            {
                // Not ascending (never so when read in paper-id order): a map instead of the binary search.
                rowOfId = new Dictionary<long, int>(rowIds.Length);
                for (var j = 0; j < rowIds.Length; j++)
                {
                    rowOfId[rowIds[j]] = j;
                }

                break;
            }
        }
    }

    public int Count => this.rowIds.Length;

    /// <summary>True when the vectors are mapped from the file beside the index rather than held in memory.</summary>
    public bool IsMapped => this.compact?.IsMapped == true;

    /// <summary>The file the int8 vectors of <paramref name="modelId"/> are kept in, beside the index.</summary>
    public static string FilePath(string indexPath, string modelId) =>
        indexPath + ".vectors-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(modelId)))[..12];

    /// <summary>
    /// The int8 vectors of the model: mapped from the file beside the index when it was written from the vectors the
    /// index has now; otherwise streamed from the index into that file (<see cref="Int8VectorFileWriter"/>) and mapped, or
    /// where the file cannot be written read into memory (<see cref="LoadCompact"/>). Null when there are none.
    /// </summary>
    public static VectorSnapshot? OpenOrLoadCompact(PaperStore store, IEmbeddingModel model, int expected, CancellationToken cancellationToken)
    {
        var path = FilePath(store.Path, model.Info.Id);
        var signature = System.Text.Encoding.UTF8.GetBytes(store.VectorFingerprint(model.Info.Id));
        if (TryOpen(path, signature, model.Info.Dimension) is { } mapped)
        {
            return mapped;
        }

        try
        {
            // streamed from the index into the file, which is then mapped: the set is never held in memory (a first
            // open, or one after the vectors changed, would otherwise add the ~100 MB of codes at 237k to the peak)
            var dimension = model.Info.Dimension;
            using var writer = new Int8VectorFileWriter(path, dimension);
            var stored = store.ForEachVector(
                model.Info.Id,
                (id, vector) =>
                {
                    if (vector.Length == dimension)
                    {
                        writer.Add(id, vector);
                    }
                },
                cancellationToken);
            if (stored != dimension || writer.Count == 0 || cancellationToken.IsCancellationRequested)
            {
                return null;
            }

            writer.Finish(signature);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a read-only folder: the vectors in memory
            return LoadCompact(store, model, expected, cancellationToken);
        }

        return TryOpen(path, signature, model.Info.Dimension) ?? LoadCompact(store, model, expected, cancellationToken);
    }

    private static VectorSnapshot? TryOpen(string path, byte[] signature, int dimension)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var (keys, set, written) = Int8VectorFile.Open(path);
            return written.AsSpan().SequenceEqual(signature) && set.Dimension == dimension && set.Count > 0
                ? new VectorSnapshot(keys, null, null, set)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            return null;
        }
    }

    private bool TryRow(long paperId, out int row)
    {
        if (rowOfId is not null)
        {
            return rowOfId.TryGetValue(paperId, out row);
        }

        row = Array.BinarySearch(rowIds, paperId);
        return row >= 0;
    }

    /// <summary>Every vector of the model as floats; null when there are none of the model's dimension.</summary>
    public static VectorSnapshot? LoadExact(PaperStore store, IEmbeddingModel model, bool quantized)
    {
        var (ids, matrix, dim) = store.LoadVectors(model.Info.Id);
        if (ids.Length == 0 || dim != model.Info.Dimension)
        {
            return null;
        }

        var exact = VectorIndex.FromOwnedMatrix(matrix, dim);
        return new VectorSnapshot(ids, exact, quantized ? QuantizedVectorIndex.FromIndex(exact) : null, null);
    }

    /// <summary>Every vector of the model streamed into int8 codes (no float copy); null when there are none.</summary>
    public static VectorSnapshot? LoadCompact(PaperStore store, IEmbeddingModel model, int expected, CancellationToken cancellationToken)
    {
        var dimension = model.Info.Dimension;
        var builder = new Int8VectorSet.Builder(dimension, expected);
        var ids = new List<long>(expected);
        var dim = store.ForEachVector(
            model.Info.Id,
            (id, vector) =>
            {
                if (vector.Length == dimension)
                {
                    builder.Add(vector);
                    ids.Add(id);
                }
            },
            cancellationToken);
        return dim != dimension || ids.Count == 0 ? null : new VectorSnapshot([.. ids], null, null, builder.Build());
    }

    public bool Contains(long paperId) => TryRow(paperId, out _);

    /// <summary>Cosine similarity of a paper's vector to the (normalised) query vector; null when the paper has none.</summary>
    public double? Similarity(long paperId, float[] query)
    {
        if (!TryRow(paperId, out var row))
        {
            return null;
        }

        return this.compact is not null
            ? this.compact.Score(row, query)
            : System.Numerics.Tensors.TensorPrimitives.Dot(this.exact!.GetVector(row), query);
    }

    /// <summary>The papers nearest to the query vector, best first.</summary>
    public IEnumerable<(long Id, double Score)> Search(float[] query, int k)
    {
        var found = this.compact is not null ? this.compact.Search(query, k)
            : this.quantized is not null ? this.quantized.Search(query, k)
            : this.exact!.Search(query, k);
        return found.Select(h => (this.rowIds[h.Row], (double)h.Score));
    }

    /// <summary>The papers nearest to a paper of this snapshot (itself included), best first.</summary>
    public (long Id, double Score)[] Related(long paperId, int k, int candidates)
    {
        if (!TryRow(paperId, out var row))
        {
            return [];
        }

        VectorHit[] found;
        if (this.compact is not null)
        {
            var vector = new float[this.compact.Dimension];
            this.compact.Dequantize(row, vector);
            System.Numerics.Tensors.TensorPrimitives.Divide(vector, Math.Max(1e-12f, System.Numerics.Tensors.TensorPrimitives.Norm(vector)), vector);
            found = this.compact.Search(vector, k, candidates);
        }
        else
        {
            var vector = this.exact!.GetVector(row);
            found = this.quantized is not null ? this.quantized.Search(vector, k) : this.exact.Search(vector, k);
        }

        return found.Select(h => (this.rowIds[h.Row], (double)h.Score)).ToArray();
    }
}
