using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using PaperLsp.Ingestion.Model;
using PaperLsp.Storage.Indexing;
using PaperLsp.Storage.Schema;

namespace PaperLsp.Storage;

/// <summary>
/// The SQLite paper index (WAL, FTS5). Reads are safe to call concurrently: every call takes its own pooled
/// connection. Writes go through <see cref="PaperIndexer"/> (papers, sources) and the vector methods here;
/// SQLite serialises writers, other processes may read while one writes.
/// </summary>
public sealed class PaperStore : IDisposable
{
    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();
    private readonly string connectionString;

    private PaperStore(string path, string? recoveryNote)
    {
        Path = path;
        RecoveryNote = recoveryNote;
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 60,
        }.ToString();
    }

    /// <summary>Full path of the index file.</summary>
    public string Path { get; }

    /// <summary>Set when the file found at <see cref="Path"/> was unusable and was moved aside; says where and why.</summary>
    public string? RecoveryNote { get; }

    /// <summary>The application version written into new indexes.</summary>
    public static string CreatedByVersion { get; } =
        typeof(PaperStore).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>
    /// Opens (creating and migrating as needed) the index at <paramref name="path"/>. A file that is not a
    /// SQLite database, fails <c>PRAGMA quick_check</c>, or belongs to another application is moved aside to
    /// <c>&lt;path&gt;.corrupt-&lt;timestamp&gt;</c> and a fresh index is started (see <see cref="RecoveryNote"/>).
    /// </summary>
    /// <param name="notice">Told when opening upgrades an older index's schema (and compacts it after), or has to wait for
    /// another process before it can (a schema upgrade behind a running index).</param>
    /// <exception cref="PaperStoreException">No index exists and <paramref name="createIfMissing"/> is false,
    /// the index was written by a newer schema, or the file cannot be opened at all.</exception>
    public static PaperStore Open(string path, bool createIfMissing = true, Action<string>? notice = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            if (!createIfMissing)
            {
                throw new PaperStoreException($"no index at {full}: run 'paperlsp index <paths>' first (or pass --index)");
            }

            var dir = System.IO.Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }
        }

        string? note = null;
        var problem = File.Exists(full) ? Diagnose(full) : null;
        if (problem is not null)
        {
            var aside = MoveAside(full);
            note = $"the index at {full} was unusable ({problem}); moved it to {aside} and started a fresh index";
        }

        var store = new PaperStore(full, note);
        try
        {
            store.Migrate(notice);
            FullTextAside.RepairIfAbandoned(store, notice);
        }
        catch (SqliteException ex)
        {
            store.Dispose();
            throw new PaperStoreException($"cannot open the index at {full}: {ex.Message}", ex);
        }

        return store;
    }

    /// <summary>Number of papers.</summary>
    public int Count()
    {
        using var c = OpenConnection();
        return Convert.ToInt32(Scalar(c, "SELECT count(*) FROM papers"), CultureInfo.InvariantCulture);
    }

    /// <summary>All paper ids, ascending.</summary>
    public IReadOnlyList<long> AllIds()
    {
        using var c = OpenConnection();
        using var cmd = Command(c, "SELECT id FROM papers ORDER BY id");
        return SqliteRows.Int64s(cmd);
    }

    /// <summary>A paper by row id, or null.</summary>
    public StoredPaper? GetById(long id)
    {
        using var c = OpenConnection();
        return QueryPapers(c, PaperSelect + " WHERE p.id = $a", id).FirstOrDefault();
    }

    /// <summary>Papers by row id, in the order asked; unknown ids are left out.</summary>
    public IReadOnlyList<StoredPaper> GetMany(IReadOnlyList<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var result = new List<StoredPaper>(ids.Count);
        if (ids.Count == 0)
        {
            return result;
        }

        // One statement for the whole list (the ids as a JSON array, in their order): executing one statement per id cost
        // a reset and a new reader each, the larger part of loading a keystroke's new candidates.
        using var c = OpenConnection();
        using var cmd = Command(c, PaperColumns + " FROM json_each($ids) j JOIN papers p ON p.id = j.value " + StoredRecord.SourceJoin + " ORDER BY j.key");
        cmd.Parameters.AddWithValue("$ids", "[" + string.Join(',', ids.Select(id => id.ToString(CultureInfo.InvariantCulture))) + "]");
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            result.Add(ReadPaper(r));
        }

        return result;
    }

    /// <summary>
    /// A paper by citation key (case-insensitive), or by arXiv id with or without version and with or without an
    /// "arXiv:" prefix, or by DOI ("doi:10.…" or "10.…"); null when unknown.
    /// </summary>
    public StoredPaper? GetByKey(string keyOrId)
    {
        var text = keyOrId.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        using var c = OpenConnection();
        var byKey = QueryPapers(c, PaperSelect + " WHERE p.citation_key = $a", text).FirstOrDefault();
        if (byKey is not null)
        {
            return byKey;
        }

        foreach (var identity in IdentityCandidates(text))
        {
            var hit = QueryPapers(c, PaperByIdentity, identity).FirstOrDefault();
            if (hit is not null)
            {
                return hit;
            }
        }

        return null;
    }

    /// <summary>
    /// The paper holding an exact identity key (<c>arxiv:…</c>, <c>doi:…</c>, <c>title:…</c>, as the ingestion rules
    /// write them), or null.
    /// </summary>
    public StoredPaper? GetByIdentity(string identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        using var c = OpenConnection();
        return QueryPapers(c, PaperByIdentity, identity).FirstOrDefault();
    }

    /// <summary>
    /// Ids of the papers whose citation key starts with <paramref name="prefix"/>, in key order: answered from the key
    /// index alone (no paper rows are read).
    /// </summary>
    public IReadOnlyList<long> IdsWithKeyPrefix(string prefix, int limit)
    {
        if (limit <= 0)
        {
            return [];
        }

        using var c = OpenConnection();
        using var cmd = Command(c, "SELECT id FROM papers WHERE citation_key >= $lo AND citation_key < $hi ORDER BY citation_key LIMIT $n");
        cmd.Parameters.AddWithValue("$lo", prefix);
        cmd.Parameters.AddWithValue("$hi", prefix + "\uFFFF");
        cmd.Parameters.AddWithValue("$n", limit);
        return SqliteRows.Int64s(cmd);
    }

    /// <summary>Papers whose citation key starts with <paramref name="prefix"/> (case-insensitive), in key order.</summary>
    public IReadOnlyList<StoredPaper> KeysWithPrefix(string prefix, int limit)
    {
        if (limit <= 0)
        {
            return [];
        }

        using var c = OpenConnection();
        using var cmd = Command(c, PaperSelect + " WHERE p.citation_key >= $lo AND p.citation_key < $hi ORDER BY p.citation_key LIMIT $n");
        cmd.Parameters.AddWithValue("$lo", prefix);
        cmd.Parameters.AddWithValue("$hi", prefix + "\uFFFF");
        cmd.Parameters.AddWithValue("$n", limit);
        return ReadPapers(cmd);
    }

    /// <summary>
    /// Full-text search over title, citation keys/ids, abstract and authors (BM25, weighted in that order).
    /// Free text is made safe: words are extracted, stop words dropped, terms quoted and OR-ed, so no input can
    /// produce an FTS syntax error. Score: higher is better.
    /// </summary>
    public IReadOnlyList<(long Id, double Score)> SearchLexical(string text, int limit)
    {
        var terms = LexicalQuery.Terms(text);
        if (terms.Count == 0 || limit <= 0)
        {
            return [];
        }

        using var c = OpenConnection();
        // Document frequencies are cached for a while (estimates are enough).
        var now = DateTime.UtcNow;
        var selected = LexicalQuery.SelectInformative(terms, () => CachedFrequency(c, "", now), t => CachedFrequency(c, t, now));
        var hits = RankLexical(c, selected, limit);
        if (hits.Count < limit && selected.Count < terms.Count)
        {
            // The rare terms alone matched too few papers: rank again with the common ones too.
            hits = RankLexical(c, terms.Take(LexicalQuery.MaxSearchTerms * 2).ToList(), limit);
        }

        return hits;
    }

    /// <summary>
    /// The papers whose indexed text contains every word of <paramref name="name"/>, oldest first (year, then arXiv id,
    /// then id; papers without a year last), at most <paramref name="limit"/>; empty when more than
    /// <paramref name="maxMentions"/> papers contain them (so common a word says nothing about who introduced it).
    /// </summary>
    public IReadOnlyList<long> EarliestMentioning(string name, int limit, int maxMentions)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (LexicalQuery.BuildAll(LexicalQuery.Terms(name)) is not { } match || limit <= 0)
        {
            return [];
        }

        using var c = OpenConnection();
        using (var count = Command(c, "SELECT count(*) FROM (SELECT rowid FROM papers_fts WHERE papers_fts MATCH $q LIMIT $m)"))
        {
            count.Parameters.AddWithValue("$q", match);
            count.Parameters.AddWithValue("$m", maxMentions + 1);
            if (Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture) > maxMentions)
            {
                return [];
            }
        }

        using var cmd = Command(c, "SELECT p.id FROM papers p WHERE p.id IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH $q) " +
                                   "ORDER BY p.year IS NULL, p.year, p.arxiv_id IS NULL, p.arxiv_id, p.id LIMIT $n");
        cmd.Parameters.AddWithValue("$q", match);
        cmd.Parameters.AddWithValue("$n", limit);
        using var r = cmd.ExecuteReader();
        var ids = new List<long>();
        while (r.Read())
        {
            ids.Add(r.GetInt64(0));
        }

        return ids;
    }

    private static List<(long Id, double Score)> RankLexical(SqliteConnection c, IReadOnlyList<string> terms, int limit)
    {
        using var cmd = Command(c, "SELECT rowid, bm25(papers_fts, 5.0, 3.0, 2.0, 1.0) AS s FROM papers_fts WHERE papers_fts MATCH $q ORDER BY s LIMIT $n");
        cmd.Parameters.AddWithValue("$q", LexicalQuery.Build(terms));
        cmd.Parameters.AddWithValue("$n", limit);
        using var r = cmd.ExecuteReader();
        var hits = new List<(long, double)>();
        while (r.Read())
        {
            hits.Add((r.GetInt64(0), -r.GetDouble(1)));
        }

        return hits;
    }

    private static readonly TimeSpan FrequencyLifetime = TimeSpan.FromMinutes(10);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (long Df, DateTime At)> frequencies = new(StringComparer.Ordinal);

    /// <summary>How many papers contain the term (the empty term: how many papers there are).</summary>
    private long CachedFrequency(SqliteConnection c, string term, DateTime now)
    {
        if (frequencies.TryGetValue(term, out var cached) && now - cached.At < FrequencyLifetime)
        {
            return cached.Df;
        }

        var df = term.Length == 0
            ? Convert.ToInt64(Scalar(c, "SELECT count(*) FROM papers"), CultureInfo.InvariantCulture)
            : Convert.ToInt64(Scalar(c, "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH $a", LexicalQuery.Build([term])), CultureInfo.InvariantCulture);
        if (frequencies.Count > 100_000)
        {
            frequencies.Clear();
        }

        frequencies[term] = (df, now);
        return df;
    }

    /// <summary>All papers, in citation-key order (streams; keep the enumeration short-lived).</summary>
    public IEnumerable<StoredPaper> AllPapers()
    {
        using var c = OpenConnection();
        using var cmd = Command(c, PaperSelect + " ORDER BY p.citation_key");
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            yield return ReadPaper(r);
        }
    }

    /// <summary>Where a paper was found: every source file and the line of its record there.</summary>
    public IReadOnlyList<PaperSource> SourcesOf(long paperId)
    {
        using var c = OpenConnection();
        using var cmd = Command(c, "SELECT s.path, s.format, ps.line FROM paper_sources ps JOIN sources s ON s.id = ps.source_id WHERE ps.paper_id = $a ORDER BY s.path, ps.line");
        cmd.Parameters.AddWithValue("$a", paperId);
        using var r = cmd.ExecuteReader();
        var list = new List<PaperSource>();
        while (r.Read())
        {
            list.Add(new PaperSource(r.GetString(0), StoredRecord.ParseFormat(r.GetString(1)), r.GetInt32(2)));
        }

        return list;
    }

    /// <summary>The source files the index has read, by path.</summary>
    public IReadOnlyList<StoredSource> Sources()
    {
        using var c = OpenConnection();
        using var cmd = Command(c, "SELECT path, format, size, mtime, content_hash, indexed_at, paper_count, problem_count, complete, records_done, (SELECT count(*) FROM paper_sources ps WHERE ps.source_id = sources.id) FROM sources ORDER BY path");
        using var r = cmd.ExecuteReader();
        var list = new List<StoredSource>();
        while (r.Read())
        {
            list.Add(new StoredSource(
                r.GetString(0), StoredRecord.ParseFormat(r.GetString(1)), r.GetInt64(2),
                new DateTimeOffset(r.GetInt64(3), TimeSpan.Zero), r.GetString(4),
                DateTimeOffset.Parse(r.GetString(5), CultureInfo.InvariantCulture), r.GetInt64(8) != 0 ? r.GetInt32(6) : r.GetInt32(10), r.GetInt32(7))
            {
                Complete = r.GetInt64(8) != 0,
                RecordsDone = r.GetInt64(9),
            });
        }

        return list;
    }

    /// <summary>Facts about the index; <paramref name="fullIntegrityCheck"/> runs <c>PRAGMA integrity_check</c> instead of quick_check.</summary>
    public StoreInfo Info(bool fullIntegrityCheck = false)
    {
        using var c = OpenConnection();
        long Count(string sql) => Convert.ToInt64(Scalar(c, sql), CultureInfo.InvariantCulture);
        var models = new List<StoredModel>();
        using (var cmd = Command(c, "SELECT m.model_id, m.name, m.dimension, m.sha256, (SELECT count(*) FROM vectors v WHERE v.model = m.id) FROM models m ORDER BY m.model_id"))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                models.Add(new StoredModel(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetInt64(4)));
            }
        }

        var check = string.Join("; ", QueryStrings(c, fullIntegrityCheck ? "PRAGMA integrity_check" : "PRAGMA quick_check"));
        var wal = File.Exists(Path + "-wal") ? new FileInfo(Path + "-wal").Length : 0;
        var size = new FileInfo(Path).Length + wal;
        return new StoreInfo(
            Path,
            Convert.ToInt32(Scalar(c, "PRAGMA user_version"), CultureInfo.InvariantCulture),
            Scalar(c, "SELECT value FROM meta WHERE key = 'created_by'") as string ?? "unknown",
            Count("SELECT count(*) FROM papers"),
            Count("SELECT count(*) FROM sources"),
            Count("SELECT count(*) FROM paper_identities"),
            Count("SELECT count(*) FROM vectors"),
            size,
            Scalar(c, "SELECT sqlite_version()") as string ?? "?",
            check,
            models)
        {
            WalSizeBytes = wal,
        };
    }

    /// <summary>
    /// A SHA-256 over the index's content in a canonical order: papers (ids, keys, records), identities, links and
    /// sources (without times). Two indexes built from the same files the same way have the same digest, however the
    /// work was split into runs; used to show that a resumed run ends where an uninterrupted one does.
    /// </summary>
    public string ContentDigest()
    {
        using var c = OpenConnection();
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var sql in new[]
        {
            "SELECT id, citation_key, key_from_bib, arxiv_id, doi, year, title, authors, abstract, keys_text, embed_hash, record_json, source_id, source_line FROM papers ORDER BY id",
            "SELECT identity, paper_id FROM paper_identities ORDER BY identity",
            "SELECT s.path, ps.paper_id, ps.line, ps.record_json FROM paper_sources ps JOIN sources s ON s.id = ps.source_id ORDER BY s.path, ps.paper_id",
            "SELECT path, format, size, content_hash, paper_count, problem_count, complete, records_done FROM sources ORDER BY path",
            "SELECT source_id, paper_id FROM pending_recompute ORDER BY source_id, paper_id",
        })
        {
            using var cmd = Command(c, sql);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                for (var i = 0; i < r.FieldCount; i++)
                {
                    var text = r.IsDBNull(i) ? "\u0000" : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture) ?? "";
                    hash.AppendData(System.Text.Encoding.UTF8.GetBytes(text));
                    hash.AppendData([0x1F]);
                }

                hash.AppendData([0x1E]);
            }

            hash.AppendData([0x1D]);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// Registers (or updates) an embedding model. When its dimension or weights hash changed, its stored vectors
    /// are dropped, since they no longer match.
    /// </summary>
    public void UpsertModel(string modelId, string name, int dimension, string sha256)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        using var c = OpenConnection();
        using var tx = c.BeginTransaction();
        using (var cmd = Command(c, "DELETE FROM vectors WHERE model = (SELECT id FROM models WHERE model_id = $a AND (dimension <> $d OR sha256 <> $h))"))
        {
            cmd.Transaction = tx;
            cmd.Parameters.AddWithValue("$a", modelId);
            cmd.Parameters.AddWithValue("$d", dimension);
            cmd.Parameters.AddWithValue("$h", sha256);
            cmd.ExecuteNonQuery();
        }

        using (var cmd = Command(c, "INSERT INTO models(model_id, name, dimension, sha256, registered_at) VALUES ($a, $n, $d, $h, $t) ON CONFLICT(model_id) DO UPDATE SET name = excluded.name, dimension = excluded.dimension, sha256 = excluded.sha256, registered_at = excluded.registered_at"))
        {
            cmd.Transaction = tx;
            cmd.Parameters.AddWithValue("$a", modelId);
            cmd.Parameters.AddWithValue("$n", name);
            cmd.Parameters.AddWithValue("$d", dimension);
            cmd.Parameters.AddWithValue("$h", sha256);
            cmd.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            cmd.ExecuteNonQuery();
        }

        tx.Commit();
    }

    /// <summary>
    /// Papers that need an embedding for the model: no vector yet, or the title/abstract changed since.
    /// Text is "title. abstract"; ContentHash is what to hand back to <see cref="PutVectors"/>. Streams in the order a
    /// writer is likely to cite them: papers of small source files first (hand-gathered lists and .bib files before
    /// bulk dumps), then the most recent years first, then id.
    /// </summary>
    public IEnumerable<(long Id, string Text, string ContentHash)> PendingEmbeddings(string modelId)
    {
        using var c = OpenConnection();
        using var cmd = Command(c, """
            SELECT p.id, p.title, p.abstract, p.embed_hash FROM papers p
            LEFT JOIN vectors v ON v.paper_id = p.id AND v.model = (SELECT id FROM models WHERE model_id = $m)
            WHERE v.paper_id IS NULL OR v.content_hash IS NOT unhex(p.embed_hash)
            ORDER BY (SELECT min(s.paper_count) FROM paper_sources ps JOIN sources s ON s.id = ps.source_id WHERE ps.paper_id = p.id),
                     p.year DESC, p.id
            """);
        cmd.Parameters.AddWithValue("$m", modelId);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            yield return (r.GetInt64(0), ContentHashing.EmbeddingText(r.GetString(1), r.GetString(2)), r.GetString(3));
        }
    }

    /// <summary>
    /// The ids of <see cref="PendingEmbeddings"/>, in the same order, without their texts (a few bytes per paper, so
    /// that a job over a large index does not hold every abstract; fetch the texts per batch with <see cref="EmbeddingInputs"/>).
    /// </summary>
    public List<long> PendingEmbeddingIds(string modelId)
    {
        using var c = OpenConnection();
        using var cmd = Command(c, """
            SELECT p.id FROM papers p
            LEFT JOIN vectors v ON v.paper_id = p.id AND v.model = (SELECT id FROM models WHERE model_id = $m)
            WHERE v.paper_id IS NULL OR v.content_hash IS NOT unhex(p.embed_hash)
            ORDER BY (SELECT min(s.paper_count) FROM paper_sources ps JOIN sources s ON s.id = ps.source_id WHERE ps.paper_id = p.id),
                     p.year DESC, p.id
            """);
        cmd.Parameters.AddWithValue("$m", modelId);
        return SqliteRows.Int64s(cmd);
    }

    /// <summary>Text ("title. abstract") and content hash of the given papers, in the given order (unknown ids left out).</summary>
    public List<(long Id, string Text, string ContentHash)> EmbeddingInputs(IReadOnlyList<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        using var c = OpenConnection();
        using var cmd = Command(c, "SELECT title, abstract, embed_hash FROM papers WHERE id = $id");
        var parameter = cmd.Parameters.Add("$id", SqliteType.Integer);
        var result = new List<(long, string, string)>(ids.Count);
        foreach (var id in ids)
        {
            parameter.Value = id;
            using var r = cmd.ExecuteReader();
            if (r.Read())
            {
                result.Add((id, ContentHashing.EmbeddingText(r.GetString(0), r.GetString(1)), r.GetString(2)));
            }
        }

        return result;
    }

    /// <summary>Ids of the papers having any of the identity keys (<c>arxiv:…</c>, <c>doi:…</c>, <c>title:…</c>, as in PaperIdentity.Keys).</summary>
    public IReadOnlySet<long> IdsWithIdentities(IEnumerable<string> identities)
    {
        var ids = new HashSet<long>();
        using var c = OpenConnection();
        using var cmd = Command(c, "SELECT paper_id FROM paper_identities WHERE identity = $i");
        var parameter = cmd.Parameters.Add("$i", SqliteType.Text);
        foreach (var identity in identities.Distinct(StringComparer.Ordinal))
        {
            parameter.Value = identity;
            if (cmd.ExecuteScalar() is long id)
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    /// <summary>
    /// Stores vectors (half precision, see <see cref="ToBytes"/>) for a registered model in one transaction, replacing older ones.
    /// Vectors of papers that no longer exist are skipped. Returns how many were stored.
    /// </summary>
    /// <exception cref="ArgumentException">The model is not registered or a vector has the wrong length.</exception>
    public int PutVectors(string modelId, IEnumerable<(long Id, string ContentHash, float[] Vector)> vectors)
    {
        using var c = OpenConnection();
        var (model, dimension) = ModelOf(c, modelId) is { } found
            ? found
            : throw new ArgumentException($"model '{modelId}' is not registered: call UpsertModel first", nameof(modelId));
        using var tx = c.BeginTransaction();
        using var cmd = Command(c, "INSERT OR REPLACE INTO vectors(paper_id, model, content_hash, vector) SELECT $p, $m, $h, $v WHERE EXISTS (SELECT 1 FROM papers WHERE id = $p)");
        cmd.Transaction = tx;
        var p = cmd.Parameters.Add("$p", SqliteType.Integer);
        cmd.Parameters.AddWithValue("$m", model);
        var h = cmd.Parameters.Add("$h", SqliteType.Blob);
        var v = cmd.Parameters.Add("$v", SqliteType.Blob);
        var stored = 0;
        foreach (var (id, hash, vector) in vectors)
        {
            if (vector.Length != dimension)
            {
                throw new ArgumentException($"vector for paper {id} has {vector.Length} dimensions; model '{modelId}' has {dimension}", nameof(vectors));
            }

            p.Value = id;
            h.Value = ContentHashing.ToStored(hash);
            v.Value = ToBytes(vector);
            stored += cmd.ExecuteNonQuery();
        }

        tx.Commit();
        return stored;
    }

    /// <summary>All vectors of a model as one row-major matrix (row i belongs to Ids[i]), ids ascending.</summary>
    public (long[] Ids, float[] Matrix, int Dim) LoadVectors(string modelId)
    {
        using var c = OpenConnection();
        if (ModelOf(c, modelId) is not { } found)
        {
            return ([], [], 0);
        }

        var (model, dim) = found;
        var count = Convert.ToInt32(Scalar(c, "SELECT count(*) FROM vectors WHERE model = $a", model), CultureInfo.InvariantCulture);
        var ids = new long[count];
        var matrix = new float[(long)count * dim];
        var row = 0;
        ReadVectors(c, model, dim, (id, vector) =>
        {
            if (row < count)
            {
                ids[row] = id;
                vector.CopyTo(matrix.AsSpan(row * dim, dim));
                row++;
            }
        }, CancellationToken.None);

        return row == count ? (ids, matrix, dim) : (ids[..row], matrix[..(row * dim)], dim);
    }

    /// <summary>
    /// A model's vectors in paper id order, read along the primary key (paper_id, model), which is in that order: through
    /// the model's index SQLite sorted every row first, holding ~180 MB of vectors at 237k (its memory peak, measured
    /// at 204 MiB while a server wrote its vectors file). The unary + keeps the model's index out of the plan.
    /// </summary>
    internal const string VectorsInIdOrder = "SELECT paper_id, vector FROM vectors WHERE +model = ?1 ORDER BY paper_id";

    /// <summary>
    /// Streams every vector of a model (ids ascending) to <paramref name="onVector"/> without holding them all (the span
    /// is only valid during the call). Returns the model's dimension (0 when the model is unknown).
    /// </summary>
    public int ForEachVector(string modelId, Action<long, ReadOnlySpan<float>> onVector, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onVector);
        using var c = OpenConnection();
        if (ModelOf(c, modelId) is not { } found)
        {
            return 0;
        }

        var (model, dim) = found;
        ReadVectors(c, model, dim, onVector, cancellationToken);
        return dim;
    }

    /// <summary>The one loop reading a model's vectors (<see cref="VectorsInIdOrder"/>), for <see cref="LoadVectors"/> and <see cref="ForEachVector"/>.</summary>
    private static void ReadVectors(SqliteConnection c, long model, int dim, Action<long, ReadOnlySpan<float>> onVector, CancellationToken cancellationToken)
    {
        // read straight from the statement's column (SQLitePCL): the reader would allocate a new array per vector row, and
        // at 237k rows that garbage grew the heap by ~100 MB while the vectors file was written
        var vector = new float[dim];
        var db = c.Handle!;
        CheckVectorRead(db, SQLitePCL.raw.sqlite3_prepare_v2(db, VectorsInIdOrder, out var statement));
        using (statement)
        {
            CheckVectorRead(db, SQLitePCL.raw.sqlite3_bind_int64(statement, 1, model));
            int rc;
            var rows = 0;
            while ((rc = SQLitePCL.raw.sqlite3_step(statement)) == SQLitePCL.raw.SQLITE_ROW)
            {
                if ((++rows & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                FromBytes(SQLitePCL.raw.sqlite3_column_blob(statement, 1), vector);
                onVector(SQLitePCL.raw.sqlite3_column_int64(statement, 0), vector);
            }

            if (rc != SQLitePCL.raw.SQLITE_DONE)
            {
                CheckVectorRead(db, rc);
            }
        }
    }

    /// <summary>
    /// What a model's vectors are, cheaply: the model's dimension and weights hash, its count of vector writes (kept by
    /// triggers in the writing transaction: every insert, replacement and delete, cascades included, adds one), the
    /// number of its vector rows, the largest and the sum of their row ids (from the vectors_model index alone), and the
    /// paper and content hash of the newest row. Any write changes it (the counter alone would do; row ids can repeat
    /// when the newest rows are deleted and re-added). "" when the model is not registered.
    /// </summary>
    public string VectorFingerprint(string modelId)
    {
        using var c = OpenConnection();
        using var tx = c.BeginTransaction(deferred: true);
        using var model = Command(c, "SELECT dimension, sha256, vector_changes, id FROM models WHERE model_id = $a");
        model.Transaction = tx;
        model.Parameters.AddWithValue("$a", modelId);
        string head;
        long modelRow;
        using (var r = model.ExecuteReader())
        {
            if (!r.Read())
            {
                return "";
            }

            head = string.Create(CultureInfo.InvariantCulture, $"{modelId}\n{r.GetInt64(0)}\n{r.GetString(1)}\n{r.GetInt64(2)}");
            modelRow = r.GetInt64(3);
        }

        using var rows = Command(c, "SELECT count(*), coalesce(max(rowid), 0), coalesce(sum(rowid), 0) FROM vectors WHERE model = $a");
        rows.Transaction = tx;
        rows.Parameters.AddWithValue("$a", modelRow);
        long count, max, sum;
        using (var r = rows.ExecuteReader())
        {
            r.Read();
            (count, max, sum) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
        }

        using var newest = Command(c, "SELECT paper_id, content_hash FROM vectors WHERE rowid = $r");
        newest.Transaction = tx;
        newest.Parameters.AddWithValue("$r", max);
        var last = "";
        using (var r = newest.ExecuteReader())
        {
            if (r.Read())
            {
                last = string.Create(CultureInfo.InvariantCulture, $"{r.GetInt64(0)}\n{Convert.ToHexStringLower((byte[])r.GetValue(1))}");
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{head}\n{count}\n{max}\n{sum}\n{last}");
    }

    /// <summary>
    /// How many vectors a model has (0 when the model is not registered). Counted from the vectors_model index alone: a
    /// join on each row's dim read every vector row (hundreds of MB at 237k papers) at every catalog snapshot, and a
    /// model's vectors all have its dimension (PutVectors refuses others; UpsertModel drops them when it changes).
    /// </summary>
    public int VectorCount(string modelId)
    {
        using var c = OpenConnection();
        return ModelOf(c, modelId) is { } found
            ? Convert.ToInt32(Scalar(c, "SELECT count(*) FROM vectors WHERE model = $a", found.Row), CultureInfo.InvariantCulture)
            : 0;
    }

    /// <summary>A registered model's row id (what its vectors name it by) and dimension, or null.</summary>
    private static (long Row, int Dimension)? ModelOf(SqliteConnection c, string modelId)
    {
        using var cmd = Command(c, "SELECT id, dimension FROM models WHERE model_id = $a");
        cmd.Parameters.AddWithValue("$a", modelId);
        using var r = cmd.ExecuteReader();
        return r.Read() ? (r.GetInt64(0), r.GetInt32(1)) : null;
    }

    public void Dispose() => SqliteConnection.ClearPool(new SqliteConnection(connectionString));

    /// <summary>Bytes SQLite holds in this process now (page caches of every connection included) and at most so far.</summary>
    public static (long Current, long Peak) SqliteMemory()
    {
        // The native library is bound when the first SqliteConnection is created: a process that never opened an index
        // (e.g. a server shut down before its first refresh) must not fail here.
        using (new SqliteConnection())
        {
        }

        return (SQLitePCL.raw.sqlite3_memory_used(), SQLitePCL.raw.sqlite3_memory_highwater(0));
    }

    /// <summary>
    /// A pooled connection. Readers keep up to 8 MiB of pages each (SQLite's default is 2 MiB): the pages a session
    /// touches stay in the process even when the OS drops the index file from its page cache. (32 MiB each made SQLite
    /// hold 55–164 MiB with 3–5 pooled connections at 237k papers; 8 MiB, 17 MiB, with the same latencies under load.)
    /// </summary>
    /// <summary>After a checkpoint, a writer truncates the WAL file to this size (bytes); chunked commits keep it small in between.</summary>
    internal const long WalSizeLimit = 64L * 1024 * 1024;

    /// <summary>The page size of a new index file (bytes).</summary>
    internal const int PageSize = 16384;

    internal SqliteConnection OpenConnection(bool forWriting = false)
    {
        var c = new SqliteConnection(connectionString);
        c.Open();
        Execute(c, forWriting
            ? "PRAGMA busy_timeout = 60000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY; PRAGMA journal_size_limit = " + WalSizeLimit.ToString(CultureInfo.InvariantCulture) + ";"
            : "PRAGMA busy_timeout = 60000; PRAGMA foreign_keys = ON; PRAGMA cache_size = -8192; PRAGMA temp_store = DEFAULT;");
        // a reader may get a pooled connection a writer used: its large temporary results go to a file again, not memory
        return c;
    }

    /// <summary>
    /// A writing connection of its own, never pooled: for writing FTS5's shadow tables directly (a pooled connection
    /// could keep an FTS5 structure cached from before such a write, and its own writes do not change its data_version).
    /// </summary>
    internal SqliteConnection OpenUnpooledConnection()
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        c.Open();
        Execute(c, "PRAGMA busy_timeout = 60000; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY; PRAGMA journal_size_limit = " + WalSizeLimit.ToString(CultureInfo.InvariantCulture) + ";");
        return c;
    }

    internal static SqliteCommand Command(SqliteConnection c, string sql)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd;
    }

    internal static void Execute(SqliteConnection c, string sql)
    {
        using var cmd = Command(c, sql);
        cmd.ExecuteNonQuery();
    }

    internal static object? Scalar(SqliteConnection c, string sql, object? a = null)
    {
        using var cmd = Command(c, sql);
        if (a is not null)
        {
            cmd.Parameters.AddWithValue("$a", a);
        }

        var value = cmd.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    internal static IEnumerable<string> IdentityCandidates(string text)
    {
        if (IngestionBridge.ArxivIdentity(text) is { } arxiv)
        {
            yield return arxiv;
        }

        if (IngestionBridge.DoiIdentity(text) is { } doi)
        {
            yield return doi;
        }
    }

    /// <summary>
    /// A vector as stored: IEEE half precision, little-endian (2 bytes a dimension; unit vectors lose nothing a ranking
    /// sees, at half the size of float32). Rows written before schema version 4 hold float32 (4 bytes a dimension);
    /// <see cref="FromBytes"/> reads both.
    /// </summary>
    internal static byte[] ToBytes(float[] vector)
    {
        var bytes = new byte[vector.Length * 2];
        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2), (Half)vector[i]);
        }

        return bytes;
    }

    /// <summary>Reads a stored vector: half precision (2 bytes a dimension) or, from older indexes, float32 (4).</summary>
    internal static void FromBytes(ReadOnlySpan<byte> bytes, Span<float> target)
    {
        if (bytes.Length == target.Length * 2)
        {
            for (var i = 0; i < target.Length; i++)
            {
                target[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(i * 2)..]);
            }
        }
        else if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, float>(bytes[..(target.Length * sizeof(float))]).CopyTo(target);
        }
        else
        {
            for (var i = 0; i < target.Length; i++)
            {
                target[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
            }
        }
    }

    private static void CheckVectorRead(SQLitePCL.sqlite3 db, int rc)
    {
        if (rc is not (SQLitePCL.raw.SQLITE_OK or SQLitePCL.raw.SQLITE_DONE))
        {
            throw new PaperStoreException($"reading the stored vectors failed: {SQLitePCL.raw.sqlite3_errmsg(db).utf8_to_string()}");
        }
    }

    private static List<StoredPaper> QueryPapers(SqliteConnection c, string sql, object a)
    {
        using var cmd = Command(c, sql);
        cmd.Parameters.AddWithValue("$a", a);
        return ReadPapers(cmd);
    }

    private static List<StoredPaper> ReadPapers(SqliteCommand cmd)
    {
        using var r = cmd.ExecuteReader();
        var list = new List<StoredPaper>();
        while (r.Read())
        {
            list.Add(ReadPaper(r));
        }

        return list;
    }

    /// <summary>The start of a query for <see cref="ReadPaper"/>: a paper's id, key and record, of papers row <c>p</c>.</summary>
    /// <summary>The columns <see cref="ReadPaper"/> reads, of a papers row <c>p</c> (with <see cref="StoredRecord.SourceJoin"/>).</summary>
    private const string PaperColumns = "SELECT p.id, p.citation_key, " + StoredRecord.Columns;

    private const string PaperSelect = PaperColumns + " FROM papers p " + StoredRecord.SourceJoin;

    private const string PaperByIdentity = PaperColumns + " FROM paper_identities i JOIN papers p ON p.id = i.paper_id " + StoredRecord.SourceJoin + " WHERE i.identity = $a";

    private static StoredPaper ReadPaper(SqliteDataReader r) => new(r.GetInt64(0), r.GetString(1), StoredRecord.Read(r, 2));

    private static List<string> QueryStrings(SqliteConnection c, string sql)
    {
        using var cmd = Command(c, sql);
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
        {
            list.Add(r.IsDBNull(0) ? "" : Convert.ToString(r.GetValue(0), CultureInfo.InvariantCulture) ?? "");
        }

        return list;
    }

    /// <summary>
    /// Brings the schema up to date. An index that is already current is only read (no write lock, so opening never
    /// waits behind a writer); a needed migration takes the write lock, and when another process holds it, says so
    /// through <paramref name="notice"/> before waiting.
    /// </summary>
    private void Migrate(Action<string>? notice)
    {
        using var c = OpenConnection(forWriting: true);
        var current = Scalar(c, "PRAGMA journal_mode") as string;
        var version = Convert.ToInt32(Scalar(c, "PRAGMA user_version"), CultureInfo.InvariantCulture);
        CheckNotNewer(version);
        if (string.Equals(current, "wal", StringComparison.OrdinalIgnoreCase) && version == Migrations.LatestVersion)
        {
            return;
        }

        if (version == 0 && Convert.ToInt64(Scalar(c, "PRAGMA page_count"), CultureInfo.InvariantCulture) == 0)
        {
            // A new file: 16 KiB pages (before WAL, which fixes the page size). A paper row is ~2 KiB, so 4 KiB pages
            // left a quarter of the papers table unused (963 -> 814 MB at 237k papers); existing indexes keep theirs.
            Execute(c, "PRAGMA page_size = " + PageSize.ToString(CultureInfo.InvariantCulture));
        }

        // Try for a second (Microsoft.Data.Sqlite retries a busy database until the command timeout), then say why we wait.
        Execute(c, "PRAGMA busy_timeout = 0");
        c.DefaultTimeout = 1;
        SqliteTransaction tx;
        try
        {
            SwitchToWal(c);
            tx = c.BeginTransaction(deferred: false);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
        {
            notice?.Invoke($"waiting for another process (an index run?) to finish writing {Path} before upgrading its schema to version {Migrations.LatestVersion}");
            c.DefaultTimeout = 600;
            Execute(c, "PRAGMA busy_timeout = 600000");
            SwitchToWal(c);
            tx = c.BeginTransaction(deferred: false);
        }

        int upgradedFrom;
        using (tx)
        {
            version = Convert.ToInt32(Scalar(c, "PRAGMA user_version"), CultureInfo.InvariantCulture);
            CheckNotNewer(version);
            upgradedFrom = version;
            if (version > 0 && version < Migrations.LatestVersion)
            {
                notice?.Invoke($"upgrading the index at {Path} from schema {version} to {Migrations.LatestVersion} (once; a large index takes a minute or two)");
            }

            for (var v = version; v < Migrations.LatestVersion; v++)
            {
                Execute(c, Migrations.All[v]);
                Execute(c, $"PRAGMA user_version = {v + 1}");
            }

            if (version == 0)
            {
                using var meta = Command(c, "INSERT OR REPLACE INTO meta(key, value) VALUES ('application', $app), ('created_by', $by), ('created_at', $at)");
                meta.Parameters.AddWithValue("$app", Migrations.ApplicationId);
                meta.Parameters.AddWithValue("$by", "paperlsp " + CreatedByVersion);
                meta.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                meta.ExecuteNonQuery();
            }

            tx.Commit();
        }

        c.DefaultTimeout = 60;
        Execute(c, "PRAGMA busy_timeout = 60000");
        if (upgradedFrom > 0 && upgradedFrom < Migrations.LatestVersion)
        {
            CompactAfterUpgrade(c, notice);
        }
    }

    /// <summary>
    /// An upgrade that rebuilds a table (schema 5 rebuilds the vectors) leaves the old table's pages free inside the file:
    /// a 1.47 GB index of 237k papers grew to 1.92 GB. When at least a quarter of the file (and 1 MiB) is free, the file
    /// is rewritten once (VACUUM) and the WAL truncated. Best effort: when another process has the index open, the free
    /// pages stay and are reused as the index grows, and the notice says so.
    /// </summary>
    private void CompactAfterUpgrade(SqliteConnection c, Action<string>? notice)
    {
        var pageSize = Convert.ToInt64(Scalar(c, "PRAGMA page_size"), CultureInfo.InvariantCulture);
        var pages = Convert.ToInt64(Scalar(c, "PRAGMA page_count"), CultureInfo.InvariantCulture);
        var free = Convert.ToInt64(Scalar(c, "PRAGMA freelist_count"), CultureInfo.InvariantCulture);
        var freeBytes = free * pageSize;
        if (freeBytes < CompactionMinimumFreeBytes || free * 4 < pages)
        {
            return;
        }

        var freeMb = (freeBytes / 1_000_000).ToString(CultureInfo.InvariantCulture);
        notice?.Invoke($"compacting the index at {Path}: the upgrade left {freeMb} MB free inside it");
        try
        {
            // VACUUM builds the new file as a temporary database: on disk, not in memory (this connection keeps its
            // temporary tables in memory, which made the 237k compaction peak at 1.6 GB resident).
            Execute(c, "PRAGMA temp_store = FILE");
            Execute(c, "VACUUM");
            Execute(c, "PRAGMA wal_checkpoint(TRUNCATE)");
        }
        catch (SqliteException ex)
        {
            notice?.Invoke($"could not compact the index at {Path} ({ex.Message.Trim()}); its {freeMb} MB of free pages are reused as it grows");
        }
        finally
        {
            Execute(c, "PRAGMA temp_store = MEMORY");
        }
    }

    private void SwitchToWal(SqliteConnection c)
    {
        if (string.Equals(Scalar(c, "PRAGMA journal_mode") as string, "wal", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var mode = Scalar(c, "PRAGMA journal_mode = WAL") as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new PaperStoreException($"cannot switch the index at {Path} to WAL mode (journal_mode is {mode})");
        }
    }

    private void CheckNotNewer(int version)
    {
        if (version > Migrations.LatestVersion)
        {
            throw new PaperStoreException($"the index at {Path} has schema version {version}, newer than this PaperLsp understands ({Migrations.LatestVersion}); use a newer paperlsp or another --index");
        }
    }

    /// <summary>Index files up to this size get <c>PRAGMA quick_check</c> on every open.</summary>
    internal const long FullCheckMaxBytes = 128L * 1024 * 1024;

    /// <summary>
    /// Reads an existing index file without changing it: why it cannot serve as an index (what <see cref="Open"/> would
    /// move aside), or null when it can; <paramref name="schemaVersion"/> is its schema version (0 when unknown).
    /// </summary>
    public static string? Inspect(string path, out int schemaVersion)
    {
        schemaVersion = 0;
        var problem = Diagnose(path);
        if (problem is not null)
        {
            return problem;
        }

        var cs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        try
        {
            using var c = new SqliteConnection(cs);
            c.Open();
            schemaVersion = Convert.ToInt32(Scalar(c, "PRAGMA user_version"), CultureInfo.InvariantCulture);
            return null;
        }
        catch (SqliteException ex)
        {
            return "unreadable: " + ex.Message;
        }
    }

    /// <summary>The schema version this build writes.</summary>
    public static int CurrentSchemaVersion => Migrations.LatestVersion;

    /// <summary>
    /// The count of papers row writes (kept by schema 6's triggers; null before): a reader's cache of answers drawn from
    /// papers rows stays valid while it is unchanged, whatever else (vectors) is committed.
    /// </summary>
    public const string PapersChangesQuery = "SELECT value FROM meta WHERE key = 'papers_changes'";

    /// <summary>Less free space than this after an upgrade is left in the file (see CompactAfterUpgrade).</summary>
    internal const long CompactionMinimumFreeBytes = 1L << 20;

    /// <summary>Why an existing file cannot serve as our index, or null when it can (or is empty).</summary>
    private static string? Diagnose(string path)
    {
        var header = new byte[16];
        int read;
        using (var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            read = f.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }

        if (read == 0)
        {
            return null;
        }

        if (read < header.Length || !header.AsSpan().SequenceEqual(SqliteHeader))
        {
            return "not a SQLite database";
        }

        var cs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
        try
        {
            using var c = new SqliteConnection(cs);
            c.Open();
            Execute(c, "PRAGMA busy_timeout = 60000");
            // quick_check reads every page: ~6 s on a 900 MB index, which would delay every server start. Large files
            // get the cheap checks (header above, schema and table reads below); `paperlsp doctor` runs the full check.
            var check = new FileInfo(path).Length <= FullCheckMaxBytes
                ? QueryStrings(c, "PRAGMA quick_check")
                : QueryStrings(c, "SELECT CASE WHEN count(*) >= 0 THEN 'ok' END FROM sqlite_master");
            if (check.Count != 1 || check[0] != "ok")
            {
                return "integrity check failed: " + string.Join("; ", check.Take(3));
            }

            var version = Convert.ToInt32(Scalar(c, "PRAGMA user_version"), CultureInfo.InvariantCulture);
            var tables = QueryStrings(c, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
            if (version == 0)
            {
                return tables.Count == 0 ? null : "a SQLite database of another application (tables: " + string.Join(", ", tables.Take(5)) + ")";
            }

            if (!tables.Contains("meta") ||
                Scalar(c, "SELECT value FROM meta WHERE key = 'application'") as string != Migrations.ApplicationId)
            {
                return "a SQLite database of another application (no PaperLsp metadata)";
            }

            // Touches the right-most pages of the main tables: a truncated file fails here even without quick_check.
            _ = Scalar(c, "SELECT max(id) FROM papers");
            _ = Scalar(c, "SELECT max(rowid) FROM papers_fts");
            return null;
        }
        catch (SqliteException ex)
        {
            return "unreadable: " + ex.Message;
        }
    }

    private static string MoveAside(string path)
    {
        SqliteConnection.ClearAllPools();
        var stamp = DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        var aside = path + ".corrupt-" + stamp;
        File.Move(path, aside);
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            if (File.Exists(path + suffix))
            {
                File.Move(path + suffix, aside + suffix);
            }
        }

        return aside;
    }
}
