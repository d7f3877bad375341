using System.Globalization;
using Microsoft.Data.Sqlite;
using PaperLsp.Ingestion.Model;
using PaperLsp.Storage.Indexing;

namespace PaperLsp.Storage;

/// <summary>
/// The write side of indexing on one connection. Per source: detach its old links, read its records (each
/// record is matched to an existing paper by any identity key, or becomes a new paper with a fresh key), then
/// re-merge every touched paper from the contributions of all its sources, deleting those left with none.
/// A link's record_json is NULL while it is its paper's only contribution (then it equals the paper's record).
/// papers.record_json holds the merged record without its abstract, which lives once, in papers.abstract
/// (<see cref="FullRecordSql"/> puts them together).
/// </summary>
internal sealed class IndexWriter
{
    /// <summary>SQL for the complete merged record of papers row <c>p</c>.</summary>
    private const string FullRecordSql = "json_set(p.record_json, '$.abstract', p.abstract)";

    private readonly SqliteConnection c;
    private HashSet<string>? takenKeys;

    public IndexWriter(SqliteConnection connection) => c = connection;

    public int PapersAdded { get; private set; }

    public int PapersUpdated { get; private set; }

    public int PapersRemoved { get; private set; }

    public (long Id, long Size, long MTime, string Hash)? FindSource(string path)
    {
        using var cmd = PaperStore.Command(c, "SELECT id, size, mtime, content_hash FROM sources WHERE path = $p");
        cmd.Parameters.AddWithValue("$p", path);
        using var r = cmd.ExecuteReader();
        return r.Read() ? (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetString(3)) : null;
    }

    public void TouchSource(long id, long mtime)
    {
        using var cmd = PaperStore.Command(c, "UPDATE sources SET mtime = $m WHERE id = $id");
        cmd.Parameters.AddWithValue("$m", mtime);
        cmd.Parameters.AddWithValue("$id", id);
        cmd.ExecuteNonQuery();
    }

    public int CountPapers() => Convert.ToInt32(PaperStore.Scalar(c, "SELECT count(*) FROM papers"), CultureInfo.InvariantCulture);

    public void IndexSource(string path, SourceFormat format, long size, long mtime, string hash, IEnumerable<Paper> papers, Func<int> problemCount, Action<int> onRecord)
    {
        var addedBefore = PapersAdded;
        var updatedBefore = PapersUpdated;
        var removedBefore = PapersRemoved;
        var keysBefore = takenKeys is null ? null : new HashSet<string>(takenKeys, StringComparer.OrdinalIgnoreCase);
        using var tx = c.BeginTransaction(deferred: false);
        try
        {
            IndexSourceInTransaction(tx, path, format, size, mtime, hash, papers, problemCount, onRecord);
            tx.Commit();
        }
        catch
        {
            tx.Rollback();
            PapersAdded = addedBefore;
            PapersUpdated = updatedBefore;
            PapersRemoved = removedBefore;
            takenKeys = keysBefore;
            throw;
        }
    }

    public int RemoveVanishedSources(IReadOnlyList<(string Path, bool IsDirectory)> roots, IReadOnlySet<string> present)
    {
        var vanished = new List<long>();
        using (var cmd = PaperStore.Command(c, "SELECT id, path FROM sources ORDER BY path"))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                var path = r.GetString(1);
                if (present.Contains(path))
                {
                    continue;
                }

                var underRoot = roots.Any(root => root.IsDirectory
                    ? path.StartsWith(root.Path + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                    : string.Equals(path, root.Path, StringComparison.Ordinal));
                if (underRoot && !File.Exists(path))
                {
                    vanished.Add(r.GetInt64(0));
                }
            }
        }

        if (vanished.Count == 0)
        {
            return 0;
        }

        using var tx = c.BeginTransaction(deferred: false);
        var affected = new SortedSet<long>();
        foreach (var id in vanished)
        {
            affected.UnionWith(DetachSource(tx, id));
            using var del = Cmd(tx, "DELETE FROM sources WHERE id = $id");
            del.Parameters.AddWithValue("$id", id);
            del.ExecuteNonQuery();
        }

        foreach (var paperId in affected)
        {
            Recompute(tx, paperId, createdNow: false);
        }

        tx.Commit();
        return vanished.Count;
    }

    private void IndexSourceInTransaction(SqliteTransaction tx, string path, SourceFormat format, long size, long mtime, string hash, IEnumerable<Paper> papers, Func<int> problemCount, Action<int> onRecord)
    {
        long sourceId;
        using (var up = Cmd(tx, "INSERT INTO sources(path, format, size, mtime, content_hash, indexed_at) VALUES ($p, $f, $s, $m, $h, $t) ON CONFLICT(path) DO UPDATE SET format = excluded.format, size = excluded.size, mtime = excluded.mtime, content_hash = excluded.content_hash, indexed_at = excluded.indexed_at RETURNING id"))
        {
            up.Parameters.AddWithValue("$p", path);
            up.Parameters.AddWithValue("$f", format.ToString());
            up.Parameters.AddWithValue("$s", size);
            up.Parameters.AddWithValue("$m", mtime);
            up.Parameters.AddWithValue("$h", hash);
            up.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            sourceId = (long)up.ExecuteScalar()!;
        }

        var touched = new SortedSet<long>(DetachSource(tx, sourceId));
        var created = new HashSet<long>();
        using var statements = new Statements(this, tx);
        var count = 0;
        foreach (var paper in papers)
        {
            count++;
            onRecord(count);
            var identities = IngestionBridge.IdentityKeys(paper);
            long? existing = null;
            foreach (var identity in identities)
            {
                statements.FindIdentity.Parameters[0].Value = identity;
                if (statements.FindIdentity.ExecuteScalar() is long id && !statements.HasOtherArxivId(id, paper.ArxivId, identity))
                {
                    existing = id;
                    break;
                }
            }

            if (existing is null)
            {
                var id = InsertPaper(statements, paper, identities);
                statements.InsertLink(id, sourceId, paper.Source.Line, null);
                created.Add(id);
                continue;
            }

            var paperId = existing.Value;
            statements.FillSoleContribution(paperId);
            var sameSource = statements.LinkJson(paperId, sourceId);
            if (sameSource is null)
            {
                statements.InsertLink(paperId, sourceId, paper.Source.Line, StorageJson.Serialize(paper));
            }
            else
            {
                var merged = IngestionBridge.Merge(StorageJson.Deserialize(sameSource), paper);
                statements.UpdateLinkJson(paperId, sourceId, StorageJson.Serialize(merged));
            }

            foreach (var identity in identities)
            {
                statements.InsertIdentity(identity, paperId);
            }

            touched.Add(paperId);
        }

        foreach (var paperId in touched)
        {
            Recompute(tx, paperId, createdNow: created.Contains(paperId));
        }

        using var counts = Cmd(tx, "UPDATE sources SET paper_count = (SELECT count(*) FROM paper_sources WHERE source_id = $id), problem_count = $n WHERE id = $id");
        counts.Parameters.AddWithValue("$id", sourceId);
        counts.Parameters.AddWithValue("$n", problemCount());
        counts.ExecuteNonQuery();
    }

    /// <summary>Removes a source's links (keeping its papers for now); returns the papers it was linked to.</summary>
    private List<long> DetachSource(SqliteTransaction tx, long sourceId)
    {
        var papers = new List<long>();
        using (var q = Cmd(tx, "SELECT paper_id FROM paper_sources WHERE source_id = $s"))
        {
            q.Parameters.AddWithValue("$s", sourceId);
            using var r = q.ExecuteReader();
            while (r.Read())
            {
                papers.Add(r.GetInt64(0));
            }
        }

        if (papers.Count > 0)
        {
            using var del = Cmd(tx, "DELETE FROM paper_sources WHERE source_id = $s");
            del.Parameters.AddWithValue("$s", sourceId);
            del.ExecuteNonQuery();
        }

        return papers;
    }

    private long InsertPaper(Statements statements, Paper paper, IReadOnlyList<string> identities)
    {
        var taken = TakenKeys();
        string key;
        var fromBib = false;
        if (!string.IsNullOrWhiteSpace(paper.BibKey) && !taken.Contains(paper.BibKey))
        {
            key = paper.BibKey;
            fromBib = true;
        }
        else
        {
            key = IngestionBridge.Disambiguate(IngestionBridge.BaseKey(paper), taken.Contains);
        }

        var id = statements.InsertPaper(key, fromBib, paper, identities);
        taken.Add(key);
        foreach (var identity in identities)
        {
            statements.InsertIdentity(identity, id);
        }

        PapersAdded++;
        return id;
    }

    /// <summary>Re-merges a paper from all its contributions, or deletes it when none are left.</summary>
    private void Recompute(SqliteTransaction tx, long paperId, bool createdNow)
    {
        var contributions = new List<(string? Json, long SourceId)>();
        using (var q = Cmd(tx, "SELECT ps.record_json, ps.source_id FROM paper_sources ps JOIN sources s ON s.id = ps.source_id WHERE ps.paper_id = $id ORDER BY s.path, ps.line"))
        {
            q.Parameters.AddWithValue("$id", paperId);
            using var r = q.ExecuteReader();
            while (r.Read())
            {
                contributions.Add((r.IsDBNull(0) ? null : r.GetString(0), r.GetInt64(1)));
            }
        }

        string currentKey;
        bool keyFromBib;
        string currentJson;
        using (var q = Cmd(tx, "SELECT citation_key, key_from_bib, " + FullRecordSql + " FROM papers p WHERE id = $id"))
        {
            q.Parameters.AddWithValue("$id", paperId);
            using var r = q.ExecuteReader();
            if (!r.Read())
            {
                return;
            }

            currentKey = r.GetString(0);
            keyFromBib = r.GetInt64(1) != 0;
            currentJson = r.GetString(2);
        }

        if (contributions.Count == 0)
        {
            using var del = Cmd(tx, "DELETE FROM papers WHERE id = $id");
            del.Parameters.AddWithValue("$id", paperId);
            del.ExecuteNonQuery();
            TakenKeys().Remove(currentKey);
            if (createdNow)
            {
                PapersAdded--;
            }
            else
            {
                PapersRemoved++;
            }

            return;
        }

        if (contributions.Count == 1 && contributions[0].Json is null)
        {
            return; // a paper created in this source with one record: already written as is
        }

        var records = contributions.Select(x => x.Json is null ? StorageJson.Deserialize(currentJson) : StorageJson.Deserialize(x.Json)).ToList();
        var merged = records[0];
        for (var i = 1; i < records.Count; i++)
        {
            merged = IngestionBridge.Merge(merged, records[i]);
        }

        var key = currentKey;
        if (!keyFromBib && !string.IsNullOrWhiteSpace(merged.BibKey) && !string.Equals(merged.BibKey, currentKey, StringComparison.OrdinalIgnoreCase) && !TakenKeys().Contains(merged.BibKey))
        {
            key = merged.BibKey;
            keyFromBib = true;
            TakenKeys().Remove(currentKey);
            TakenKeys().Add(key);
        }

        var json = StorageJson.Serialize(merged);
        if (json != StorageJson.Serialize(StorageJson.Deserialize(currentJson)) || key != currentKey)
        {
            using var update = Cmd(tx, "UPDATE papers SET citation_key = $k, key_from_bib = $b, arxiv_id = $ax, doi = $doi, norm_title = $nt, year = $y, title = $ti, authors = $au, abstract = $ab, keys_text = $kt, embed_hash = $eh, record_json = $j WHERE id = $id");
            BindPaper(update, key, keyFromBib, merged, IngestionBridge.IdentityKeys(merged));
            update.Parameters.AddWithValue("$id", paperId);
            update.ExecuteNonQuery();
            if (!createdNow)
            {
                PapersUpdated++;
            }
        }

        if (contributions.Count == 1)
        {
            using var sole = Cmd(tx, "UPDATE paper_sources SET record_json = NULL WHERE paper_id = $id");
            sole.Parameters.AddWithValue("$id", paperId);
            sole.ExecuteNonQuery();
        }

        using (var clear = Cmd(tx, "DELETE FROM paper_identities WHERE paper_id = $id"))
        {
            clear.Parameters.AddWithValue("$id", paperId);
            clear.ExecuteNonQuery();
        }

        using var ins = Cmd(tx, "INSERT OR IGNORE INTO paper_identities(identity, paper_id) VALUES ($i, $id)");
        var pi = ins.Parameters.Add("$i", SqliteType.Text);
        ins.Parameters.AddWithValue("$id", paperId);
        foreach (var identity in records.Append(merged).SelectMany(IngestionBridge.IdentityKeys).Distinct(StringComparer.Ordinal))
        {
            pi.Value = identity;
            ins.ExecuteNonQuery();
        }
    }

    private HashSet<string> TakenKeys()
    {
        if (takenKeys is null)
        {
            takenKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            using var q = PaperStore.Command(c, "SELECT citation_key FROM papers");
            using var r = q.ExecuteReader();
            while (r.Read())
            {
                takenKeys.Add(r.GetString(0));
            }
        }

        return takenKeys;
    }

    private SqliteCommand Cmd(SqliteTransaction tx, string sql)
    {
        var cmd = PaperStore.Command(c, sql);
        cmd.Transaction = tx;
        return cmd;
    }

    internal static void BindPaper(SqliteCommand cmd, string key, bool fromBib, Paper paper, IReadOnlyList<string> identities)
    {
        cmd.Parameters.Clear();
        var normTitle = identities.FirstOrDefault(i => i.StartsWith("title:", StringComparison.Ordinal))?[6..];
        var authors = string.Join(", ", paper.Authors);
        var keysText = string.Join(' ', new[] { key, paper.ArxivId, paper.Doi }.Concat(paper.Keywords).Where(s => !string.IsNullOrWhiteSpace(s)));
        cmd.Parameters.AddWithValue("$k", key);
        cmd.Parameters.AddWithValue("$b", fromBib ? 1 : 0);
        cmd.Parameters.AddWithValue("$ax", (object?)paper.ArxivId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$doi", (object?)paper.Doi ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$nt", (object?)normTitle ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$y", (object?)paper.Year ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$ti", paper.Title);
        cmd.Parameters.AddWithValue("$au", authors);
        cmd.Parameters.AddWithValue("$ab", paper.Abstract);
        cmd.Parameters.AddWithValue("$kt", keysText);
        cmd.Parameters.AddWithValue("$eh", ContentHashing.OfText(ContentHashing.EmbeddingText(paper.Title, paper.Abstract)));
        cmd.Parameters.AddWithValue("$j", StorageJson.Serialize(paper with { Abstract = "" }));
    }

    /// <summary>Prepared statements reused across the records of one source.</summary>
    private sealed class Statements : IDisposable
    {
        private readonly SqliteCommand insertPaper;
        private readonly SqliteCommand insertIdentity;
        private readonly SqliteCommand arxivOf;
        private readonly SqliteCommand insertLink;
        private readonly SqliteCommand linkJson;
        private readonly SqliteCommand updateLinkJson;
        private readonly SqliteCommand fillSole;
        private readonly IndexWriter owner;
        private readonly SqliteTransaction tx;

        public Statements(IndexWriter owner, SqliteTransaction tx)
        {
            this.owner = owner;
            this.tx = tx;
            insertPaper = owner.Cmd(tx, "INSERT INTO papers(citation_key, key_from_bib, arxiv_id, doi, norm_title, year, title, authors, abstract, keys_text, embed_hash, record_json) VALUES ($k, $b, $ax, $doi, $nt, $y, $ti, $au, $ab, $kt, $eh, $j) RETURNING id");
            FindIdentity = owner.Cmd(tx, "SELECT paper_id FROM paper_identities WHERE identity = $i");
            arxivOf = owner.Cmd(tx, "SELECT arxiv_id FROM papers WHERE id = $id");
            arxivOf.Parameters.Add("$id", SqliteType.Integer);
            FindIdentity.Parameters.Add("$i", SqliteType.Text);
            insertIdentity = owner.Cmd(tx, "INSERT OR IGNORE INTO paper_identities(identity, paper_id) VALUES ($i, $p)");
            insertIdentity.Parameters.Add("$i", SqliteType.Text);
            insertIdentity.Parameters.Add("$p", SqliteType.Integer);
            insertLink = owner.Cmd(tx, "INSERT INTO paper_sources(paper_id, source_id, line, record_json) VALUES ($p, $s, $l, $j)");
            insertLink.Parameters.Add("$p", SqliteType.Integer);
            insertLink.Parameters.Add("$s", SqliteType.Integer);
            insertLink.Parameters.Add("$l", SqliteType.Integer);
            insertLink.Parameters.Add("$j", SqliteType.Text);
            linkJson = owner.Cmd(tx, "SELECT coalesce(ps.record_json, " + FullRecordSql + ") FROM paper_sources ps JOIN papers p ON p.id = ps.paper_id WHERE ps.paper_id = $p AND ps.source_id = $s");
            linkJson.Parameters.Add("$p", SqliteType.Integer);
            linkJson.Parameters.Add("$s", SqliteType.Integer);
            updateLinkJson = owner.Cmd(tx, "UPDATE paper_sources SET record_json = $j WHERE paper_id = $p AND source_id = $s");
            updateLinkJson.Parameters.Add("$j", SqliteType.Text);
            updateLinkJson.Parameters.Add("$p", SqliteType.Integer);
            updateLinkJson.Parameters.Add("$s", SqliteType.Integer);
            fillSole = owner.Cmd(tx, "UPDATE paper_sources SET record_json = (SELECT " + FullRecordSql + " FROM papers p WHERE p.id = $p) WHERE paper_id = $p AND record_json IS NULL");
            fillSole.Parameters.Add("$p", SqliteType.Integer);
        }

        public SqliteCommand FindIdentity { get; }

        /// <summary>
        /// True when a match by title (or DOI) would merge two papers that carry different arXiv ids: distinct arXiv
        /// papers whose titles normalise alike (e.g. "study 1-110" and "study 11-10") stay distinct.
        /// </summary>
        public bool HasOtherArxivId(long paperId, string? arxivId, string identity)
        {
            if (arxivId is null || identity.StartsWith("arxiv:", StringComparison.Ordinal))
            {
                return false;
            }

            arxivOf.Parameters[0].Value = paperId;
            return arxivOf.ExecuteScalar() is string existing && existing.Length > 0 && !string.Equals(Canonical(existing), Canonical(arxivId), StringComparison.OrdinalIgnoreCase);

            static string Canonical(string id) => PaperLsp.Ingestion.Identity.ArxivId.TryParse(id, out var canonical, out _) ? canonical : id;
        }

        public long InsertPaper(string key, bool fromBib, Paper paper, IReadOnlyList<string> identities)
        {
            BindPaper(insertPaper, key, fromBib, paper, identities);
            return (long)insertPaper.ExecuteScalar()!;
        }

        public void InsertIdentity(string identity, long paperId)
        {
            insertIdentity.Parameters[0].Value = identity;
            insertIdentity.Parameters[1].Value = paperId;
            insertIdentity.ExecuteNonQuery();
        }

        public void InsertLink(long paperId, long sourceId, int line, string? json)
        {
            insertLink.Parameters[0].Value = paperId;
            insertLink.Parameters[1].Value = sourceId;
            insertLink.Parameters[2].Value = line;
            insertLink.Parameters[3].Value = (object?)json ?? DBNull.Value;
            insertLink.ExecuteNonQuery();
        }

        public string? LinkJson(long paperId, long sourceId)
        {
            linkJson.Parameters[0].Value = paperId;
            linkJson.Parameters[1].Value = sourceId;
            return linkJson.ExecuteScalar() as string;
        }

        public void UpdateLinkJson(long paperId, long sourceId, string json)
        {
            updateLinkJson.Parameters[0].Value = json;
            updateLinkJson.Parameters[1].Value = paperId;
            updateLinkJson.Parameters[2].Value = sourceId;
            updateLinkJson.ExecuteNonQuery();
        }

        public void FillSoleContribution(long paperId)
        {
            fillSole.Parameters[0].Value = paperId;
            fillSole.ExecuteNonQuery();
        }

        public void Dispose()
        {
            insertPaper.Dispose();
            FindIdentity.Dispose();
            arxivOf.Dispose();
            insertIdentity.Dispose();
            insertLink.Dispose();
            linkJson.Dispose();
            updateLinkJson.Dispose();
            fillSole.Dispose();
        }
    }
}
