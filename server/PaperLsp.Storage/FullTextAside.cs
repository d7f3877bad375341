using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;
using PaperLsp.Storage.Schema;
using SQLitePCL;

namespace PaperLsp.Storage;

/// <summary>
/// Builds the full-text index of a run into an empty index on a second thread, so that FTS5's work (two thirds of the
/// writer's time when the triggers feed it row by row) runs beside the writer instead of inside it. While meta
/// <see cref="Migrations.FullTextAsideKey"/> is set, the papers_fts triggers stand aside (schema 7); the writer's
/// connection carries temporary triggers that hand every change of a papers row's indexed columns, in order, to a
/// thread that applies it to an identical FTS5 table in a scratch database beside the index. At the end the scratch
/// table's contents replace papers_fts's (its shadow tables: the same FTS5 version, columns, tokenizer and options, so
/// the same postings) in the transaction that clears the meta row.
/// <para>
/// The scratch table starts empty, as the index's papers did, and receives every change this connection makes, so it
/// equals the full-text index the triggers would have built — unless something else changed papers meanwhile: a rollback
/// on this connection (the changes handed over are then not all committed) or another process's write (seen as a
/// papers_changes count other than the start's plus this connection's writes). Then, as after a kill (the meta row
/// stays), the full-text index is rebuilt from the papers table in one transaction instead (<see cref="Rebuild"/>).
/// </para>
/// Readers meanwhile see the papers rows but not yet their full-text entries.
/// </summary>
internal sealed class FullTextAside : IDisposable
{
    private const string FunctionName = "paperlsp_fulltext_aside";
    private const int BatchSize = 256;

    /// <summary>Rows the scratch table takes per transaction (each commit flushes FTS5's pending terms into a segment).</summary>
    private const int RowsPerCommit = 4000;

    private readonly SqliteConnection writer;
    private readonly PaperStore store;
    private readonly string scratchPath;
    private readonly long changesAtStart;
    private readonly BlockingCollection<Change[]> queue = new(16);
    private readonly Thread thread;
    private readonly delegate_rollback onRollback;
    private List<Change> batch = new(BatchSize);
    private long writes;
    private volatile bool abandoned;
    private Exception? failure;
    private bool finished;
    private FileStream? runLock;

    private FullTextAside(PaperStore store, SqliteConnection writer, long changesAtStart, FileStream runLock)
    {
        this.store = store;
        this.writer = writer;
        this.runLock = runLock;
        this.changesAtStart = changesAtStart;
        scratchPath = ScratchPath(store.Path);
        DeleteScratch(scratchPath);
        onRollback = _ => abandoned = true;
        raw.sqlite3_rollback_hook(writer.Handle, onRollback, null);
        writer.CreateFunction<long, long, string, string, string, string, long>(FunctionName, Enqueue);
        writer.CreateFunction(FunctionName + "_write", () => ++writes);
        PaperStore.Execute(writer, $"""
            CREATE TEMP TRIGGER fulltext_aside_insert AFTER INSERT ON main.papers BEGIN
                SELECT {FunctionName}(0, new.id, new.title, new.keys_text, new.abstract, new.authors);
                SELECT {FunctionName}_write();
            END;
            CREATE TEMP TRIGGER fulltext_aside_delete AFTER DELETE ON main.papers BEGIN
                SELECT {FunctionName}(1, old.id, old.title, old.keys_text, old.abstract, old.authors);
                SELECT {FunctionName}_write();
            END;
            CREATE TEMP TRIGGER fulltext_aside_update AFTER UPDATE OF title, keys_text, abstract, authors ON main.papers BEGIN
                SELECT {FunctionName}(1, old.id, old.title, old.keys_text, old.abstract, old.authors);
                SELECT {FunctionName}(0, new.id, new.title, new.keys_text, new.abstract, new.authors);
            END;
            CREATE TEMP TRIGGER fulltext_aside_writes AFTER UPDATE ON main.papers BEGIN
                SELECT {FunctionName}_write();
            END;
            """);
        thread = new Thread(Apply) { IsBackground = true, Name = "paperlsp full-text" };
        thread.Start();
    }

    /// <summary>The scratch database of the index at <paramref name="indexPath"/>.</summary>
    internal static string ScratchPath(string indexPath) => indexPath + ".fulltext-build";

    /// <summary>
    /// The file a run building aside holds locked (exclusively, released by the OS when the process dies) while the
    /// meta row is set: an opener that can take the lock knows the run that set the row is gone.
    /// </summary>
    internal static string LockPath(string indexPath) => indexPath + ".fulltext-build.lock";

    /// <summary>The run lock, or null when another live run holds it.</summary>
    private static FileStream? TryLock(string indexPath)
    {
        try
        {
            return new FileStream(LockPath(indexPath), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // held by a live run (or the folder is read-only: then nothing here can be rebuilt either)
        }
    }

    private static void Unlock(FileStream? runLock, string indexPath)
    {
        if (runLock is null)
        {
            return;
        }

        try
        {
            File.Delete(LockPath(indexPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the folder is read-only or another process removed it: the lock goes with the handle anyway
        }

        runLock.Dispose();
    }

    /// <summary>
    /// When a run that built the full-text index aside was killed (the meta row is set and no live run holds the run
    /// lock), rebuilds the full-text index from the papers table now, so that every committed paper is found by
    /// full-text search again before anything reads the index. Returns true when it rebuilt. Called when an index is
    /// opened; a run still building aside is left alone.
    /// </summary>
    internal static bool RepairIfAbandoned(PaperStore store, Action<string>? notice)
    {
        using var c = store.OpenUnpooledConnection();
        if (!IsAside(c))
        {
            return false;
        }

        var runLock = TryLock(store.Path);
        if (runLock is null)
        {
            return false; // a run is building it now
        }

        try
        {
            notice?.Invoke($"rebuilding the full-text index of {store.Path}: the index run that was building it stopped before it ended");
            using (var tx = c.BeginTransaction(deferred: false))
            {
                if (!IsAside(c))
                {
                    return false;
                }

                RebuildInside(c);
                tx.Commit();
            }

            DeleteScratch(ScratchPath(store.Path));
            return true;
        }
        finally
        {
            Unlock(runLock, store.Path);
        }
    }

    /// <summary>
    /// At the start of a run on <paramref name="writer"/>: when an earlier run left the full-text index aside (killed),
    /// it is rebuilt now, unless the index is empty and <paramref name="buildAside"/> asks to build it aside again.
    /// With <paramref name="buildAside"/> and an empty index, returns the build this run feeds (finish it with
    /// <see cref="Finish"/>), else null.
    /// </summary>
    public static FullTextAside? Begin(PaperStore store, SqliteConnection writer, bool buildAside, out bool rebuilt)
    {
        rebuilt = false;
        if (!IsAside(writer) && !(buildAside && PaperStore.Scalar(writer, "SELECT 1 FROM papers LIMIT 1") is null))
        {
            return null; // the common case: read only, no write lock taken
        }

        long changes;
        FileStream? runLock;
        using (var tx = writer.BeginTransaction(deferred: false))
        {
            var empty = PaperStore.Scalar(writer, "SELECT 1 FROM papers LIMIT 1") is null;
            var aside = IsAside(writer);
            if (!(buildAside && empty))
            {
                if (aside)
                {
                    RebuildInside(writer);
                    tx.Commit();
                    rebuilt = true;
                }

                DeleteScratch(ScratchPath(store.Path));
                return null;
            }

            runLock = TryLock(store.Path);
            if (runLock is null)
            {
                return null; // another live run builds aside into this index: this one uses the triggers
            }

            using (var set = PaperStore.Command(writer, "INSERT OR IGNORE INTO meta(key, value) VALUES ($k, '1')"))
            {
                set.Parameters.AddWithValue("$k", Migrations.FullTextAsideKey);
                set.ExecuteNonQuery();
            }

            changes = PapersChanges(writer);
            tx.Commit();
        }

        return new FullTextAside(store, writer, changes, runLock);
    }

    /// <summary>True when the index's full-text triggers are set aside (a run building aside, or one killed while it did).</summary>
    internal static bool IsAside(SqliteConnection c)
    {
        using var q = PaperStore.Command(c, "SELECT 1 FROM meta WHERE key = $k");
        q.Parameters.AddWithValue("$k", Migrations.FullTextAsideKey);
        return q.ExecuteScalar() is not null;
    }

    /// <summary>
    /// Ends the run's build: waits for the second thread and puts its full-text index in place (or, when the papers
    /// changed in ways it did not see, rebuilds the full-text index from the papers table), then clears the meta row.
    /// </summary>
    public FullTextBuild Finish()
    {
        Stop();
        var complete = failure is null && !abandoned;
        using var c = store.OpenUnpooledConnection();
        PaperStore.Execute(c, "ATTACH DATABASE " + SqlText(scratchPath) + " AS fulltext_scratch");
        try
        {
            using var tx = c.BeginTransaction(deferred: false);
            if (complete && PapersChanges(c) == changesAtStart + writes)
            {
                PaperStore.Execute(c, """
                    DELETE FROM main.papers_fts_data;
                    DELETE FROM main.papers_fts_idx;
                    DELETE FROM main.papers_fts_docsize;
                    INSERT INTO main.papers_fts_data(id, block) SELECT id, block FROM fulltext_scratch.papers_fts_data ORDER BY id;
                    INSERT INTO main.papers_fts_idx(segid, term, pgno) SELECT segid, term, pgno FROM fulltext_scratch.papers_fts_idx ORDER BY segid, term;
                    INSERT INTO main.papers_fts_docsize(id, sz) SELECT id, sz FROM fulltext_scratch.papers_fts_docsize ORDER BY id;
                    """);
                ClearAside(c);
                tx.Commit();
                return FullTextBuild.Aside;
            }

            RebuildInside(c);
            tx.Commit();
            return FullTextBuild.Rebuilt;
        }
        finally
        {
            PaperStore.Execute(c, "DETACH DATABASE fulltext_scratch");
            c.Close();
            DeleteScratch(scratchPath);
            Unlock(runLock, store.Path);
            runLock = null;
        }
    }

    /// <summary>Stops the build without placing it (the meta row stays: the next run rebuilds the full-text index).</summary>
    public void Dispose()
    {
        if (!finished)
        {
            abandoned = true;
            Stop();
            DeleteScratch(scratchPath);
        }

        // The meta row stays when the build was not placed; releasing the lock lets the next opener rebuild.
        Unlock(runLock, store.Path);
        runLock = null;
    }

    private void Stop()
    {
        if (finished)
        {
            return;
        }

        finished = true;
        PaperStore.Execute(writer, """
            DROP TRIGGER IF EXISTS temp.fulltext_aside_insert;
            DROP TRIGGER IF EXISTS temp.fulltext_aside_delete;
            DROP TRIGGER IF EXISTS temp.fulltext_aside_update;
            DROP TRIGGER IF EXISTS temp.fulltext_aside_writes;
            """);
        raw.sqlite3_rollback_hook(writer.Handle, null, null);
        if (batch.Count > 0 && !abandoned)
        {
            Hand(batch);
        }

        batch = [];
        queue.CompleteAdding();
        thread.Join();
    }

    /// <summary>Rebuilds papers_fts from the papers table and clears the meta row, inside the caller's write transaction.</summary>
    private static void RebuildInside(SqliteConnection c)
    {
        PaperStore.Execute(c, "INSERT INTO papers_fts(papers_fts) VALUES ('rebuild')");
        ClearAside(c);
    }

    private static void ClearAside(SqliteConnection c)
    {
        using var clear = PaperStore.Command(c, "DELETE FROM meta WHERE key = $k");
        clear.Parameters.AddWithValue("$k", Migrations.FullTextAsideKey);
        clear.ExecuteNonQuery();
    }

    private static long PapersChanges(SqliteConnection c) =>
        Convert.ToInt64(PaperStore.Scalar(c, "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'papers_changes'), 0)"), CultureInfo.InvariantCulture);

    private long Enqueue(long kind, long id, string title, string keys, string @abstract, string authors)
    {
        batch.Add(new Change(kind != 0, id, title, keys, @abstract, authors));
        if (batch.Count >= BatchSize)
        {
            Hand(batch);
            batch = new List<Change>(BatchSize);
        }

        return 0;
    }

    private void Hand(List<Change> changes)
    {
        if (abandoned || failure is not null)
        {
            return; // the result will not be used: do not wait for a thread that stopped taking changes
        }

        queue.Add([.. changes]);
    }

    private void Apply()
    {
        try
        {
            using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = scratchPath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
            c.Open();
            PaperStore.Execute(c, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;");
            PaperStore.Execute(c, Migrations.FullTextTableSql + Migrations.FullTextOptionsSql);
            using var insert = PaperStore.Command(c, "INSERT INTO papers_fts(rowid, title, keys_text, abstract, authors) VALUES ($id, $t, $k, $a, $au)");
            using var delete = PaperStore.Command(c, "INSERT INTO papers_fts(papers_fts, rowid, title, keys_text, abstract, authors) VALUES ('delete', $id, $t, $k, $a, $au)");
            var parameters = new[] { insert, delete }.Select(cmd => new[]
            {
                cmd.Parameters.Add("$id", SqliteType.Integer),
                cmd.Parameters.Add("$t", SqliteType.Text),
                cmd.Parameters.Add("$k", SqliteType.Text),
                cmd.Parameters.Add("$a", SqliteType.Text),
                cmd.Parameters.Add("$au", SqliteType.Text),
            }).ToArray();
            var tx = c.BeginTransaction();
            var rows = 0;
            foreach (var changes in queue.GetConsumingEnumerable())
            {
                if (abandoned)
                {
                    continue;
                }

                foreach (var change in changes)
                {
                    var cmd = change.Delete ? delete : insert;
                    var p = parameters[change.Delete ? 1 : 0];
                    cmd.Transaction = tx;
                    p[0].Value = change.Id;
                    p[1].Value = change.Title;
                    p[2].Value = change.Keys;
                    p[3].Value = change.Abstract;
                    p[4].Value = change.Authors;
                    cmd.ExecuteNonQuery();
                    if (++rows % RowsPerCommit == 0)
                    {
                        tx.Commit();
                        tx.Dispose();
                        tx = c.BeginTransaction();
                    }
                }
            }

            tx.Commit();
            tx.Dispose();
        }
        catch (Exception e)
        {
            failure = e;
            foreach (var _ in queue.GetConsumingEnumerable())
            {
                // drain, so the writer never blocks on a full queue
            }
        }
    }

    private static string SqlText(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static void DeleteScratch(string path)
    {
        foreach (var file in new[] { path, path + "-journal", path + "-wal", path + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private readonly record struct Change(bool Delete, long Id, string Title, string Keys, string Abstract, string Authors);
}
