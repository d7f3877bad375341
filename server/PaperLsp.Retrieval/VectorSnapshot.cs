using PaperLsp.Embeddings;
using PaperLsp.Embeddings.Vectors;
using PaperLsp.Storage;

namespace PaperLsp.Retrieval;

/// <summary>
/// The vectors one catalog snapshot ranks with, by paper id: exact floats (optionally with an int8 scan) on small
/// indexes, or only int8 codes and sign bits (<see cref="Int8VectorSet"/>) on large ones, where a float copy would be
/// most of the process's memory. Immutable; thread-safe.
/// </summary>
internal sealed class VectorSnapshot
{
    private readonly long[] rowIds;
    private readonly Dictionary<long, int> rowOfId;
    private readonly VectorIndex? exact;
    private readonly QuantizedVectorIndex? quantized;
    private readonly Int8VectorSet? compact;

    private VectorSnapshot(long[] rowIds, VectorIndex? exact, QuantizedVectorIndex? quantized, Int8VectorSet? compact)
    {
        this.rowIds = rowIds;
        this.exact = exact;
        this.quantized = quantized;
        this.compact = compact;
        rowOfId = new Dictionary<long, int>(rowIds.Length);
        for (var i = 0; i < rowIds.Length; i++)
        {
            rowOfId[rowIds[i]] = i;
        }
    }

    public int Count => this.rowIds.Length;

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

    public bool Contains(long paperId) => rowOfId.ContainsKey(paperId);

    /// <summary>Cosine similarity of a paper's vector to the (normalised) query vector; null when the paper has none.</summary>
    public double? Similarity(long paperId, float[] query)
    {
        if (!rowOfId.TryGetValue(paperId, out var row))
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
        var row = rowOfId[paperId];
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
