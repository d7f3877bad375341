using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using PaperLsp.Ingestion.Identity;
using PaperLsp.Ingestion.Model;
using PaperLsp.Storage.Indexing;

namespace PaperLsp.Storage;

/// <summary>
/// The write side of indexing on one connection. Per source: detach its old links, read its records (each
/// record is matched to an existing paper by any identity key, or becomes a new paper with a fresh key), then
/// re-merge every touched paper from the contributions of all its sources, deleting those left with none.
/// A link's record_json is NULL while it is its paper's only contribution (then it equals the paper's record).
/// The papers row keeps the merged record as <see cref="StoredRecord"/> lays it out (fields with a column of their own
/// only there); a link's record_json is a complete record.
/// </summary>
internal sealed class IndexWriter
{
    private readonly SqliteConnection c;
    private readonly ChunkLimits limits;
    private HashSet<string>? takenKeys;

    public IndexWriter(SqliteConnection connection, ChunkLimits limits)
    {
        c = connection;
        this.limits = limits;
    }

    /// <summary>The pattern new keys are made with (the index's remembered one until <see cref="UseKeyPattern"/>).</summary>
    private CitationKeyPattern? keyPattern;

    /// <summary>
    /// Makes <paramref name="requested"/> the index's citation key pattern (null: keep the remembered one, else the
    /// default). When it differs from the remembered pattern, every paper whose key is not from the user's .bib is
    /// re-keyed in one transaction (readers see the old keys or the new ones, never a mix) and the pattern is remembered
    /// in the index; returns how many keys changed. Keys from a .bib never change.
    /// </summary>
    public int UseKeyPattern(CitationKeyPattern? requested)
    {
        var stored = PaperStore.Scalar(c, "SELECT value FROM meta WHERE key = $a", KeyPatternSetting) as string;
        var current = stored is not null && CitationKeyPattern.TryParse(stored, out var parsed, out _) ? parsed : CitationKeyPattern.Default;
        if (requested is null || requested.Text == current.Text)
        {
            keyPattern = current;
            return 0;
        }

        keyPattern = requested;
        var changed = 0;
        using var tx = c.BeginTransaction(deferred: false);
        var papers = new List<(long Id, string Key, Paper Paper)>();
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var q = Cmd(tx, "SELECT p.id, p.citation_key, p.key_from_bib, " + StoredRecord.Columns + " FROM papers p " + StoredRecord.SourceJoin + " ORDER BY p.id"))
        {
            using var r = q.ExecuteReader();
            while (r.Read())
            {
                if (r.GetInt64(2) != 0)
                {
                    taken.Add(r.GetString(1));
                }
                else
                {
                    papers.Add((r.GetInt64(0), r.GetString(1), StoredRecord.Read(r, 3)));
                }
            }
        }

        var assigned = new List<(long Id, string Old, string New)>();
        foreach (var (id, old, record) in papers)
        {
            var paper = record with { BibKey = null };
            var key = IngestionBridge.Disambiguate(IngestionBridge.BaseKey(paper, requested), taken.Contains);
            taken.Add(key);
            assigned.Add((id, old, key));
        }

        // Keys are unique: park the changing ones on placeholders first so no new key meets an old one.
        using (var park = Cmd(tx, "UPDATE papers SET citation_key = $k WHERE id = $id"))
        {
            var pk = park.Parameters.Add("$k", SqliteType.Text);
            var pid = park.Parameters.Add("$id", SqliteType.Integer);
            foreach (var (id, _, _) in assigned.Where(a => a.Old != a.New))
            {
                pk.Value = "\u0001rekey" + id.ToString(CultureInfo.InvariantCulture);
                pid.Value = id;
                park.ExecuteNonQuery();
            }
        }

        using (var set = Cmd(tx, "UPDATE papers SET citation_key = $k, keys_text = $k || substr(keys_text, length($old) + 1) WHERE id = $id"))
        {
            var pk = set.Parameters.Add("$k", SqliteType.Text);
            var pold = set.Parameters.Add("$old", SqliteType.Text);
            var pid = set.Parameters.Add("$id", SqliteType.Integer);
            foreach (var (id, old, key) in assigned.Where(a => a.Old != a.New))
            {
                pk.Value = key;
                pold.Value = old;
                pid.Value = id;
                set.ExecuteNonQuery();
                changed++;
            }
        }

        using (var remember = Cmd(tx, "INSERT OR REPLACE INTO meta(key, value) VALUES ($k, $v)"))
        {
            remember.Parameters.AddWithValue("$k", KeyPatternSetting);
            remember.Parameters.AddWithValue("$v", requested.Text);
            remember.ExecuteNonQuery();
        }

        tx.Commit();
        takenKeys = null;
        return changed;
    }

    /// <summary>The meta row remembering the citation key pattern (an <see cref="IndexSettings"/> name).</summary>
    internal const string KeyPatternSetting = "setting:citationKey.pattern";

    public int PapersAdded { get; private set; }

    public int PapersUpdated { get; private set; }

    public int PapersRemoved { get; private set; }

    public SourceState? FindSource(string path)
    {
        using var cmd = PaperStore.Command(c, "SELECT id, size, mtime, content_hash, complete, records_done, resume_line, problem_count FROM sources WHERE path = $p");
        cmd.Parameters.AddWithValue("$p", path);
        using var r = cmd.ExecuteReader();
        return r.Read() ? new SourceState(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetString(3), r.GetInt64(4) != 0, r.GetInt64(5), r.GetInt32(6), r.GetInt32(7)) : null;
    }

    public void TouchSource(long id, long mtime)
    {
        using var cmd = PaperStore.Command(c, "UPDATE sources SET mtime = $m WHERE id = $id");
        cmd.Parameters.AddWithValue("$m", mtime);
        cmd.Parameters.AddWithValue("$id", id);
        cmd.ExecuteNonQuery();
    }

    public int CountPapers() => Convert.ToInt32(PaperStore.Scalar(c, "SELECT count(*) FROM papers"), CultureInfo.InvariantCulture);

    /// <summary>
    /// Writes one source in committed chunks (at most <see cref="ChunkLimits.Records"/> records or
    /// <see cref="ChunkLimits.Interval"/> each). Readers see each record's paper whole or not at all; papers an earlier
    /// version of the source contributed to, and existing papers it merged into, are re-merged once every record is in.
    /// When <paramref name="resume"/> is an interrupted run of the same content, the run continues it: the first
    /// <paramref name="skip"/> records of <paramref name="papers"/> are passed over (when they are read again from the
    /// start), and records are counted from <paramref name="countFrom"/> (when <paramref name="papers"/> starts after them).
    /// </summary>
    public void IndexSource(string path, SourceFormat format, long size, long mtime, string hash, SourceState? resume, long skip, long countFrom, IEnumerable<PreparedPaper> papers, Func<int> problemCount, Action<int> onRecord, Action<long> onCommitted)
    {
        var clock = Stopwatch.StartNew();
        var tx = c.BeginTransaction(deferred: false);
        try
        {
            long sourceId;
            long firstNew;
            if (resume is not null)
            {
                sourceId = resume.Id;
                firstNew = Convert.ToInt64(Scalar(tx, "SELECT first_new_paper FROM sources WHERE id = $a", sourceId), CultureInfo.InvariantCulture);
            }
            else
            {
                (sourceId, firstNew) = StartSource(tx, path, format, size, mtime, hash);
                skip = 0;
                countFrom = 0;
            }

            var statements = new Statements(this, tx);
            var count = countFrom;
            var lastLine = resume?.ResumeLine ?? 0;
            var inChunk = 0;
            foreach (var paper in papers)
            {
                count++;
                onRecord((int)Math.Min(int.MaxValue, count));
                if (count <= skip)
                {
                    continue;
                }

                WriteRecord(statements, sourceId, path, format, paper);
                lastLine = paper.Paper.Source.Line;
                inChunk++;
                if (inChunk >= limits.Records || clock.Elapsed >= limits.Interval)
                {
                    statements.Dispose();
                    MarkProgress(tx, sourceId, count, lastLine, problemCount());
                    tx.Commit();
                    tx.Dispose();
                    onCommitted(count);
                    inChunk = 0;
                    clock.Restart();
                    tx = c.BeginTransaction(deferred: false);
                    statements = new Statements(this, tx);
                }
            }

            statements.Dispose();
            MarkProgress(tx, sourceId, count, lastLine, problemCount());
            tx.Commit();
            tx.Dispose();
            if (inChunk > 0)
            {
                onCommitted(count);
            }

            tx = c.BeginTransaction(deferred: false);
            RecomputePending(ref tx, sourceId, firstNew);
            using (var done = Cmd(tx, "UPDATE sources SET paper_count = (SELECT count(*) FROM paper_sources WHERE source_id = $id), problem_count = $n, complete = 1, records_done = $r, mtime = $m WHERE id = $id"))
            {
                done.Parameters.AddWithValue("$id", sourceId);
                done.Parameters.AddWithValue("$n", problemCount());
                done.Parameters.AddWithValue("$r", count);
                done.Parameters.AddWithValue("$m", mtime);
                done.ExecuteNonQuery();
            }

            tx.Commit();
        }
        catch
        {
            // Committed chunks stay (a later run resumes after them); the chunk in progress is rolled back. The
            // in-memory key set may hold keys of rolled-back papers: read it again from the index when next needed.
            if (tx.Connection is not null)
            {
                tx.Rollback();
            }

            takenKeys = null;
            throw;
        }
        finally
        {
            tx.Dispose();
        }
    }

    /// <summary>Marks the source as being (re)written with new content; detaches its old links for re-merging at the end.</summary>
    private (long SourceId, long FirstNew) StartSource(SqliteTransaction tx, string path, SourceFormat format, long size, long mtime, string hash)
    {
        var firstNew = Convert.ToInt64(Scalar(tx, "SELECT coalesce(max(id), 0) + 1 FROM papers"), CultureInfo.InvariantCulture);
        long sourceId;
        using (var up = Cmd(tx, "INSERT INTO sources(path, format, size, mtime, content_hash, indexed_at, complete, records_done, resume_line, problem_count, first_new_paper) VALUES ($p, $f, $s, $m, $h, $t, 0, 0, 0, 0, $n) ON CONFLICT(path) DO UPDATE SET format = excluded.format, size = excluded.size, mtime = excluded.mtime, content_hash = excluded.content_hash, indexed_at = excluded.indexed_at, complete = 0, records_done = 0, resume_line = 0, problem_count = 0, first_new_paper = excluded.first_new_paper RETURNING id"))
        {
            up.Parameters.AddWithValue("$p", path);
            up.Parameters.AddWithValue("$f", format.ToString());
            up.Parameters.AddWithValue("$s", size);
            up.Parameters.AddWithValue("$m", mtime);
            up.Parameters.AddWithValue("$h", hash);
            up.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            up.Parameters.AddWithValue("$n", firstNew);
            sourceId = (long)up.ExecuteScalar()!;
        }

        using var pending = Cmd(tx, "INSERT OR IGNORE INTO pending_recompute(source_id, paper_id) VALUES ($s, $p)");
        pending.Parameters.AddWithValue("$s", sourceId);
        var p = pending.Parameters.Add("$p", SqliteType.Integer);
        foreach (var paperId in DetachSource(tx, sourceId))
        {
            p.Value = paperId;
            pending.ExecuteNonQuery();
        }

        return (sourceId, firstNew);
    }

    private void WriteRecord(Statements statements, long sourceId, string sourcePath, SourceFormat sourceFormat, PreparedPaper prepared)
    {
        var paper = prepared.Paper;
        var identities = prepared.Identities;
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
            var id = InsertPaper(statements, prepared, paper.Source.Path == sourcePath && paper.Source.Format == sourceFormat ? sourceId : null);
            statements.InsertLink(id, sourceId, paper.Source.Line, null);
            return;
        }

        var paperId = existing.Value;
        statements.FillSoleContribution(paperId);
        var sameSource = statements.LinkRecord(paperId, sourceId);
        if (sameSource is null)
        {
            statements.InsertLink(paperId, sourceId, paper.Source.Line, StorageJson.Serialize(paper));
        }
        else
        {
            var merged = IngestionBridge.Merge(sameSource, paper);
            statements.UpdateLinkJson(paperId, sourceId, StorageJson.Serialize(merged));
        }

        foreach (var identity in identities)
        {
            statements.InsertIdentity(identity, paperId);
        }

        statements.MarkPending(sourceId, paperId);
    }

    private void MarkProgress(SqliteTransaction tx, long sourceId, long recordsDone, int lastLine, int problems)
    {
        using var cmd = Cmd(tx, "UPDATE sources SET records_done = $r, resume_line = $l, problem_count = $n WHERE id = $id");
        cmd.Parameters.AddWithValue("$r", recordsDone);
        cmd.Parameters.AddWithValue("$l", lastLine);
        cmd.Parameters.AddWithValue("$n", problems);
        cmd.Parameters.AddWithValue("$id", sourceId);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Re-merges the source's pending papers in id order, committing every <see cref="ChunkLimits.Records"/> papers.</summary>
    private void RecomputePending(ref SqliteTransaction tx, long sourceId, long firstNew)
    {
        while (true)
        {
            var batch = new List<long>();
            using (var q = Cmd(tx, "SELECT paper_id FROM pending_recompute WHERE source_id = $s ORDER BY paper_id LIMIT $n"))
            {
                q.Parameters.AddWithValue("$s", sourceId);
                q.Parameters.AddWithValue("$n", limits.Records);
                using var r = q.ExecuteReader();
                while (r.Read())
                {
                    batch.Add(r.GetInt64(0));
                }
            }

            if (batch.Count == 0)
            {
                return;
            }

            foreach (var paperId in batch)
            {
                Recompute(tx, paperId, createdNow: paperId >= firstNew);
            }

            using (var del = Cmd(tx, "DELETE FROM pending_recompute WHERE source_id = $s AND paper_id <= $last"))
            {
                del.Parameters.AddWithValue("$s", sourceId);
                del.Parameters.AddWithValue("$last", batch[^1]);
                del.ExecuteNonQuery();
            }

            if (batch.Count < limits.Records)
            {
                return;
            }

            tx.Commit();
            tx.Dispose();
            tx = c.BeginTransaction(deferred: false);
        }
    }

    private object? Scalar(SqliteTransaction tx, string sql, object? a = null)
    {
        using var cmd = Cmd(tx, sql);
        if (a is not null)
        {
            cmd.Parameters.AddWithValue("$a", a);
        }

        var value = cmd.ExecuteScalar();
        return value is DBNull ? null : value;
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
            using (var pending = Cmd(tx, "DELETE FROM pending_recompute WHERE source_id = $id RETURNING paper_id"))
            {
                pending.Parameters.AddWithValue("$id", id);
                using var r = pending.ExecuteReader();
                while (r.Read())
                {
                    affected.Add(r.GetInt64(0));
                }
            }

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

    /// <param name="sourceId">The source row the record came from (the JSON then leaves the source out), or null to keep it in the JSON.</param>
    private long InsertPaper(Statements statements, PreparedPaper prepared, long? sourceId)
    {
        var (paper, identities) = (prepared.Paper, prepared.Identities);
        var taken = TakenKeys();

        // The in-memory set is this writer's view; another process (a server and a CLI share an index) may have
        // committed keys since it was read, so a key it lacks is checked in the index too (inside this write
        // transaction, so the answer cannot change before the insert).
        bool Taken(string candidate) => taken.Contains(candidate) || statements.KeyExists(candidate);
        string key;
        var fromBib = false;
        if (!string.IsNullOrWhiteSpace(paper.BibKey) && !Taken(paper.BibKey))
        {
            key = paper.BibKey;
            fromBib = true;
        }
        else
        {
            key = IngestionBridge.Disambiguate(IngestionBridge.BaseKey(paper, keyPattern), Taken);
        }

        var id = statements.InsertPaper(key, fromBib, prepared, sourceId);
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
        var contributions = new List<(string? Json, long SourceId, string Path, SourceFormat Format)>();
        using (var q = Cmd(tx, "SELECT ps.record_json, ps.source_id, s.path, s.format FROM paper_sources ps JOIN sources s ON s.id = ps.source_id WHERE ps.paper_id = $id ORDER BY s.path, ps.line"))
        {
            q.Parameters.AddWithValue("$id", paperId);
            using var r = q.ExecuteReader();
            while (r.Read())
            {
                contributions.Add((r.IsDBNull(0) ? null : r.GetString(0), r.GetInt64(1), r.GetString(2), StoredRecord.ParseFormat(r.GetString(3))));
            }
        }

        string currentKey;
        bool keyFromBib;
        Paper current;
        using (var q = Cmd(tx, "SELECT p.citation_key, p.key_from_bib, " + StoredRecord.Columns + " FROM papers p " + StoredRecord.SourceJoin + " WHERE p.id = $id"))
        {
            q.Parameters.AddWithValue("$id", paperId);
            using var r = q.ExecuteReader();
            if (!r.Read())
            {
                return;
            }

            currentKey = r.GetString(0);
            keyFromBib = r.GetInt64(1) != 0;
            current = StoredRecord.Read(r, 2);
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

        var records = contributions.Select(x => x.Json is null ? current : StorageJson.Deserialize(x.Json)).ToList();
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

        if (StorageJson.Serialize(merged) != StorageJson.Serialize(current) || key != currentKey)
        {
            // The merged record keeps the first contribution's source (PaperMerger), so that source row can name it.
            var first = contributions[0];
            var fromFirst = merged.Source.Path == first.Path && merged.Source.Format == first.Format;
            using var update = Cmd(tx, "UPDATE papers SET citation_key = $k, key_from_bib = $b, arxiv_id = $ax, doi = $doi, norm_title = NULL, year = $y, title = $ti, authors = $au, abstract = $ab, keys_text = $kt, embed_hash = $eh, record_json = $j, source_id = $sid, source_line = $sl WHERE id = $id");
            BindPaper(update, key, keyFromBib, merged, StoredRecord.Json(merged, withSource: !fromFirst), ContentHashing.OfText(ContentHashing.EmbeddingText(merged.Title, merged.Abstract)), fromFirst ? first.SourceId : null);
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

    /// <summary>Binds a papers row's columns; <paramref name="sourceId"/> is the source row that names the record's source (null: the JSON has it).</summary>
    private static void BindPaper(SqliteCommand cmd, string key, bool fromBib, Paper paper, string recordJson, string embedHash, long? sourceId)
    {
        cmd.Parameters.Clear();
        var authors = StoredRecord.AuthorsColumn(paper.Authors);
        var keysText = string.Join(' ', new[] { key, paper.ArxivId, paper.Doi }.Concat(paper.Keywords).Where(s => !string.IsNullOrWhiteSpace(s)));
        cmd.Parameters.AddWithValue("$k", key);
        cmd.Parameters.AddWithValue("$b", fromBib ? 1 : 0);
        cmd.Parameters.AddWithValue("$ax", (object?)paper.ArxivId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$doi", (object?)paper.Doi ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$y", (object?)paper.Year ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$ti", paper.Title);
        cmd.Parameters.AddWithValue("$au", authors);
        cmd.Parameters.AddWithValue("$ab", paper.Abstract);
        cmd.Parameters.AddWithValue("$kt", keysText);
        cmd.Parameters.AddWithValue("$eh", embedHash);
        cmd.Parameters.AddWithValue("$j", recordJson);
        cmd.Parameters.AddWithValue("$sid", (object?)sourceId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$sl", sourceId is null ? DBNull.Value : paper.Source.Line);
    }

    /// <summary>Prepared statements reused across the records of one source.</summary>
    private sealed class Statements : IDisposable
    {
        private readonly SqliteCommand insertPaper;
        private readonly SqliteCommand insertIdentity;
        private readonly SqliteCommand arxivOf;
        private readonly SqliteCommand insertLink;
        private readonly SqliteCommand linkJson;
        private readonly SqliteCommand readRecord;
        private readonly SqliteCommand updateLinkJson;
        private readonly SqliteCommand soleLink;
        private readonly SqliteCommand fillSole;
        private readonly SqliteCommand markPending;
        private readonly SqliteCommand keyExists;
        private readonly IndexWriter owner;
        private readonly SqliteTransaction tx;

        public Statements(IndexWriter owner, SqliteTransaction tx)
        {
            this.owner = owner;
            this.tx = tx;
            insertPaper = owner.Cmd(tx, "INSERT INTO papers(citation_key, key_from_bib, arxiv_id, doi, year, title, authors, abstract, keys_text, embed_hash, record_json, source_id, source_line) VALUES ($k, $b, $ax, $doi, $y, $ti, $au, $ab, $kt, $eh, $j, $sid, $sl) RETURNING id");
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
            linkJson = owner.Cmd(tx, "SELECT ps.record_json FROM paper_sources ps WHERE ps.paper_id = $p AND ps.source_id = $s");
            linkJson.Parameters.Add("$p", SqliteType.Integer);
            linkJson.Parameters.Add("$s", SqliteType.Integer);
            updateLinkJson = owner.Cmd(tx, "UPDATE paper_sources SET record_json = $j WHERE paper_id = $p AND source_id = $s");
            updateLinkJson.Parameters.Add("$j", SqliteType.Text);
            updateLinkJson.Parameters.Add("$p", SqliteType.Integer);
            updateLinkJson.Parameters.Add("$s", SqliteType.Integer);
            readRecord = owner.Cmd(tx, "SELECT " + StoredRecord.Columns + " FROM papers p " + StoredRecord.SourceJoin + " WHERE p.id = $p");
            readRecord.Parameters.Add("$p", SqliteType.Integer);
            soleLink = owner.Cmd(tx, "SELECT 1 FROM paper_sources WHERE paper_id = $p AND record_json IS NULL LIMIT 1");
            soleLink.Parameters.Add("$p", SqliteType.Integer);
            fillSole = owner.Cmd(tx, "UPDATE paper_sources SET record_json = $j WHERE paper_id = $p AND record_json IS NULL");
            fillSole.Parameters.Add("$j", SqliteType.Text);
            fillSole.Parameters.Add("$p", SqliteType.Integer);
            markPending = owner.Cmd(tx, "INSERT OR IGNORE INTO pending_recompute(source_id, paper_id) VALUES ($s, $p)");
            markPending.Parameters.Add("$s", SqliteType.Integer);
            markPending.Parameters.Add("$p", SqliteType.Integer);
            keyExists = owner.Cmd(tx, "SELECT 1 FROM papers WHERE citation_key = $k LIMIT 1");
            keyExists.Parameters.Add("$k", SqliteType.Text);
        }

        /// <summary>True when the index (as this transaction sees it) has a paper with exactly this key.</summary>
        public bool KeyExists(string key)
        {
            keyExists.Parameters[0].Value = key;
            return keyExists.ExecuteScalar() is not null;
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

        public long InsertPaper(string key, bool fromBib, PreparedPaper prepared, long? sourceId)
        {
            var json = sourceId is null ? StoredRecord.Json(prepared.Paper, withSource: true) : prepared.RecordJson;
            BindPaper(insertPaper, key, fromBib, prepared.Paper, json, prepared.EmbedHash, sourceId);
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

        /// <summary>The record the source contributed to the paper (its link's, else the paper's own), or null when it contributed none.</summary>
        public Paper? LinkRecord(long paperId, long sourceId)
        {
            linkJson.Parameters[0].Value = paperId;
            linkJson.Parameters[1].Value = sourceId;
            using (var r = linkJson.ExecuteReader())
            {
                if (!r.Read())
                {
                    return null;
                }

                if (!r.IsDBNull(0))
                {
                    return StorageJson.Deserialize(r.GetString(0));
                }
            }

            return PaperRecord(paperId);
        }

        /// <summary>The complete record of a papers row.</summary>
        private Paper PaperRecord(long paperId)
        {
            readRecord.Parameters[0].Value = paperId;
            using var r = readRecord.ExecuteReader();
            return r.Read() ? StoredRecord.Read(r, 0) : throw new InvalidOperationException($"paper {paperId} vanished inside the write transaction");
        }

        public void UpdateLinkJson(long paperId, long sourceId, string json)
        {
            updateLinkJson.Parameters[0].Value = json;
            updateLinkJson.Parameters[1].Value = paperId;
            updateLinkJson.Parameters[2].Value = sourceId;
            updateLinkJson.ExecuteNonQuery();
        }

        /// <summary>Gives the paper's link a record of its own when it is the paper's only contribution (record_json NULL).</summary>
        public void FillSoleContribution(long paperId)
        {
            soleLink.Parameters[0].Value = paperId;
            if (soleLink.ExecuteScalar() is null)
            {
                return;
            }

            fillSole.Parameters[0].Value = StorageJson.Serialize(PaperRecord(paperId));
            fillSole.Parameters[1].Value = paperId;
            fillSole.ExecuteNonQuery();
        }

        public void MarkPending(long sourceId, long paperId)
        {
            markPending.Parameters[0].Value = sourceId;
            markPending.Parameters[1].Value = paperId;
            markPending.ExecuteNonQuery();
        }

        public void Dispose()
        {
            markPending.Dispose();
            keyExists.Dispose();
            insertPaper.Dispose();
            FindIdentity.Dispose();
            arxivOf.Dispose();
            insertIdentity.Dispose();
            insertLink.Dispose();
            linkJson.Dispose();
            readRecord.Dispose();
            soleLink.Dispose();
            updateLinkJson.Dispose();
            fillSole.Dispose();
        }
    }
}
