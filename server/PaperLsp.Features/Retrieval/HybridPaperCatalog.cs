using System.Collections.Concurrent;
using PaperLsp.Embeddings;
using PaperLsp.Embeddings.Vectors;
using PaperLsp.Features.Catalog;
using PaperLsp.Storage;

namespace PaperLsp.Features.Retrieval;

/// <summary>
/// <see cref="IPaperCatalog"/> over the SQLite store (FTS5 BM25, keys) and an in-memory exact vector index of the
/// papers' embeddings, fused by reciprocal rank. An immutable snapshot of the vectors: build a new one after
/// (re-)embedding. Without a model (or without vectors) it is purely lexical. Thread-safe for concurrent readers.
/// </summary>
public sealed class HybridPaperCatalog : IPaperCatalog, IDisposable
{
    private readonly PaperStore _store;
    private readonly IEmbeddingModel? _model;
    private readonly VectorIndex? _vectors;
    private readonly QuantizedVectorIndex? _quantized;
    private readonly long[] _rowIds;
    private readonly Dictionary<long, int> _rowOfId;

    // While a user types a key, the sentence around it (the query context) does not change: results are cached per
    // query, so a typing session pays for retrieval once per context. The cache is keyed by SQLite's data_version on
    // a connection of our own, which changes whenever any other connection (or process) commits to the index.
    private readonly ConcurrentDictionary<string, IReadOnlyList<ScoredPaper>> _cache = new(StringComparer.Ordinal);
    private const int MaxCachedQueries = 512;
    private readonly Lock _versionLock = new();
    private Microsoft.Data.Sqlite.SqliteConnection? _versionConnection;
    private bool _disposed;

    public HybridPaperCatalog(PaperStore store, IEmbeddingModel? model, RetrievalWeights? weights = null, bool? quantized = null)
    {
        _store = store;
        Weights = weights ?? RetrievalWeights.Default;
        _rowIds = [];
        _rowOfId = [];
        if (model is not null)
        {
            var (ids, matrix, dim) = store.LoadVectors(model.Info.Id);
            if (ids.Length > 0 && dim == model.Info.Dimension)
            {
                _model = model;
                _rowIds = ids;
                _vectors = VectorIndex.FromOwnedMatrix(matrix, dim);
                _quantized = (quantized ?? ids.Length >= QuantizeFrom) ? QuantizedVectorIndex.FromIndex(_vectors) : null;
                _rowOfId = new Dictionary<long, int>(ids.Length);
                for (var i = 0; i < ids.Length; i++)
                {
                    _rowOfId[ids[i]] = i;
                }
            }
        }

        Count = store.Count();
    }

    /// <summary>From this many vectors on, the vector ranking uses the int8 index with float re-scoring by default.</summary>
    public const int QuantizeFrom = 50_000;

    public RetrievalWeights Weights { get; }

    /// <summary>Papers that have a vector in this snapshot.</summary>
    public int VectorCount => _rowIds.Length;

    /// <summary>True when meaning-based ranking is active (a model and vectors are loaded).</summary>
    public bool HasVectors => _vectors is not null;

    /// <summary>Papers in the index when this snapshot was made.</summary>
    public int Count { get; }

    public StoredPaper? FindByKey(string keyOrArxivId) =>
        string.IsNullOrWhiteSpace(keyOrArxivId) ? null : _store.GetByKey(keyOrArxivId.Trim());

    public IReadOnlyList<StoredPaper> FindByKeyPrefix(string prefix, int limit) => _store.KeysWithPrefix(prefix, limit);

    public IReadOnlyList<ScoredPaper> Search(PaperQuery query, CancellationToken cancellationToken)
    {
        var cacheKey = DataVersion() + "\u0002" + CacheKey(query);
        if (_cache.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }

        var result = SearchUncached(query, cancellationToken);
        if (_cache.Count >= MaxCachedQueries)
        {
            _cache.Clear();
        }

        _cache[cacheKey] = result;
        return result;
    }

    /// <summary>The index's data version as seen from this catalog's own connection ("" when it cannot be read).</summary>
    private string DataVersion()
    {
        lock (_versionLock)
        {
            if (_disposed)
            {
                return Guid.NewGuid().ToString("N"); // a replaced snapshot still answering a late request: no caching
            }

            try
            {
                if (_versionConnection is null)
                {
                    _versionConnection = new Microsoft.Data.Sqlite.SqliteConnection(
                        new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = _store.Path, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
                    _versionConnection.Open();
                }

                using var command = _versionConnection.CreateCommand();
                command.CommandText = "PRAGMA data_version";
                return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                _versionConnection?.Dispose();
                _versionConnection = null;
                return Guid.NewGuid().ToString("N"); // unknown: never reuse a cached answer
            }
        }
    }

    /// <summary>Closes the connection used to detect index changes; the catalog still answers (without caching).</summary>
    public void Dispose()
    {
        lock (_versionLock)
        {
            _disposed = true;
            _versionConnection?.Dispose();
            _versionConnection = null;
        }
    }

    private static string CacheKey(PaperQuery query)
    {
        var boosts = query.BoostKeys is { Count: > 0 } keys ? string.Join('\u0001', keys.Order(StringComparer.Ordinal)) : "";
        return string.Join('\u0000', query.Context ?? "", query.Typed ?? "", query.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture), boosts);
    }

    private List<ScoredPaper> SearchUncached(PaperQuery query, CancellationToken cancellationToken)
    {
        var w = Weights;
        var scores = new Dictionary<long, double>();
        void AddRanking(IEnumerable<long> rankedIds, double weight)
        {
            if (weight <= 0)
            {
                return;
            }

            var rank = 0;
            foreach (var id in rankedIds)
            {
                rank++;
                scores[id] = scores.GetValueOrDefault(id) + (weight / (w.RrfK + rank));
            }
        }

        var context = query.Context ?? "";
        IReadOnlyList<(long Id, double Score)> lexical = [];
        if (!string.IsNullOrWhiteSpace(context))
        {
            lexical = _store.SearchLexical(context, w.CandidatesPerRanking);
            AddRanking(lexical.Select(h => h.Id), w.Lexical);
        }

        cancellationToken.ThrowIfCancellationRequested();
        float[]? queryVector = null;
        if (_vectors is not null && _model is not null && w.Vector + w.VectorRerank + w.BoostedRanking > 0 && !string.IsNullOrWhiteSpace(context))
        {
            queryVector = _model.Embed([context], cancellationToken)[0];
            if (w.VectorRerank > 0 && lexical.Count > 0)
            {
                // Re-rank the lexical candidates by meaning: a second ranking of the same papers by cosine similarity.
                var byMeaning = lexical
                    .Select(h => (h.Id, Similarity: Similarity(h.Id, queryVector)))
                    .Where(x => x.Similarity is not null)
                    .OrderByDescending(x => x.Similarity)
                    .Select(x => x.Id);
                AddRanking(byMeaning, w.VectorRerank);
            }

            if (w.Vector > 0)
            {
                var hits = _quantized is not null
                    ? _quantized.Search(queryVector, w.CandidatesPerRanking)
                    : _vectors.Search(queryVector, w.CandidatesPerRanking);
                AddRanking(hits.Select(h => _rowIds[h.Row]), w.Vector);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var typed = query.Typed?.Trim() ?? "";
        if (typed.Length > 0)
        {
            var typedRanking = _store.KeysWithPrefix(typed, 50).Select(p => p.Id)
                .Concat(_store.SearchLexical(typed, 50).Select(h => h.Id))
                .Distinct();
            AddRanking(typedRanking, w.Typed);
        }

        if (query.BoostKeys is { Count: > 0 } boostKeys && (w.BoostedRanking > 0 || w.BoostBonus > 0))
        {
            AddBoosts(boostKeys, queryVector, scores, w);
        }

        var top = scores.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(Math.Max(1, query.Limit)).ToList();
        var papers = _store.GetMany(top.Select(kv => kv.Key).ToList()).ToDictionary(p => p.Id);
        return top.Where(kv => papers.ContainsKey(kv.Key)).Select(kv => new ScoredPaper(papers[kv.Key], kv.Value)).ToList();
    }

    public IReadOnlyList<ScoredPaper> Related(StoredPaper paper, int limit, CancellationToken cancellationToken)
    {
        if (_vectors is not null && _rowOfId.TryGetValue(paper.Id, out var row))
        {
            var hits = _vectors.Search(_vectors.GetVector(row), limit + 1)
                .Select(h => (Id: _rowIds[h.Row], h.Score))
                .Where(h => h.Id != paper.Id)
                .Take(limit)
                .ToList();
            var byId = _store.GetMany(hits.Select(h => h.Id).ToList()).ToDictionary(p => p.Id);
            return hits.Where(h => byId.ContainsKey(h.Id)).Select(h => new ScoredPaper(byId[h.Id], h.Score)).ToList();
        }

        var text = paper.Paper.Title + ". " + paper.Paper.Abstract;
        return Search(new PaperQuery(text, Limit: limit + 1), cancellationToken)
            .Where(p => p.Paper.Id != paper.Id)
            .Take(limit)
            .ToList();
    }

    private void AddBoosts(IReadOnlySet<string> boostKeys, float[]? queryVector, Dictionary<long, double> scores, RetrievalWeights w)
    {
        var boosted = new List<(long Id, double Similarity)>();
        var seen = new HashSet<long>();
        foreach (var key in boostKeys)
        {
            if (_store.GetByKey(key) is not { } paper || !seen.Add(paper.Id))
            {
                continue;
            }

            var similarity = scores.GetValueOrDefault(paper.Id) + (queryVector is null ? 0 : Similarity(paper.Id, queryVector) ?? 0);
            boosted.Add((paper.Id, similarity));
        }

        var rank = 0;
        foreach (var (id, _) in boosted.OrderByDescending(b => b.Similarity).ThenBy(b => b.Id))
        {
            rank++;
            scores[id] = scores.GetValueOrDefault(id) + w.BoostBonus + (w.BoostedRanking / (w.RrfK + rank));
        }
    }

    /// <summary>Cosine similarity of a paper's vector to the (normalised) query vector; null when the paper has none.</summary>
    private double? Similarity(long paperId, float[] queryVector) =>
        _vectors is not null && _rowOfId.TryGetValue(paperId, out var row)
            ? System.Numerics.Tensors.TensorPrimitives.Dot(_vectors.GetVector(row), queryVector)
            : null;
}
