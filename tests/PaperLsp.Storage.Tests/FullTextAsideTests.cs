using Microsoft.Data.Sqlite;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Storage.Tests;

/// <summary>
/// A run into an empty index builds the full-text index on a second thread and puts it in place at the end
/// (<see cref="FullTextAside"/>): the result must be the full-text index the row-by-row triggers build, token for token,
/// also when the run merges, updates and deletes papers, is killed and resumed, or papers change beside it.
/// </summary>
public sealed class FullTextAsideTests
{
    private static readonly ChunkLimits SmallChunks = new(50, TimeSpan.FromHours(1));

    /// <summary>New papers, records listed twice (merged), papers another source has too, and a record that changes a title later.</summary>
    private static void WriteCorpus(TempIndex t)
    {
        t.Write("a-other.papers", [.. Enumerable.Range(0, 300).Where(i => i % 41 == 3).Select(i => $"{9000 + i}||Shared paper {i} on sparse lattices|2020|Cy Other|from the other file")]);
        t.Write("big.papers", [.. Enumerable.Range(0, 300).Select(i => i % 37 == 5
            ? $"{i - 1}||Repeated record {i - 1} of chunked lattice work|2021|Ann Author;Bo Writer|second listing, a longer abstract"
            : i % 41 == 3
                ? $"{9000 + i}||Shared paper {i} on sparse lattices|2020|Cy Other|from the big file, with more words"
                : $"{i}||Chunked lattice study number {i}: Über naïve façades|2021|Ann Author;Dee Émile|abstract {i} about lattices and words {i % 7}")]);
    }

    [Fact]
    public void A_run_into_an_empty_index_builds_the_same_full_text_index_aside_as_the_triggers_do()
    {
        using var t = new TempIndex();
        WriteCorpus(t);
        var (triggersReport, triggers) = Build(t, "triggers.db", aside: false);
        Assert.Equal(FullTextBuild.Triggers, triggersReport.FullText);

        var path = Path.Combine(t.Root, "aside.db");
        using var store = PaperStore.Open(path);
        var asideDuringRun = new List<(bool Aside, long FullTextRows, long Papers)>();
        var report = new PaperIndexer(store, new LineFormatReader()) { Chunks = SmallChunks, BuildFullTextAside = true }.Index([t.Corpus], p =>
        {
            if (p.Committed is not null)
            {
                using var c = Connect(path);
                asideDuringRun.Add((FullTextAside.IsAside(c), Count(c, "SELECT count(*) FROM papers_fts_docsize"), Count(c, "SELECT count(*) FROM papers")));
            }
        });

        Assert.Equal(FullTextBuild.Aside, report.FullText);
        Assert.True(report.PapersUpdated + report.PapersAdded > 0);
        Assert.NotEmpty(asideDuringRun);
        Assert.All(asideDuringRun, s => Assert.True(s.Aside && s.FullTextRows == 0 && s.Papers > 0)); // the triggers stood aside
        Assert.False(File.Exists(FullTextAside.ScratchPath(path)));
        Assert.Equal(triggers, FullText(path));
        Assert.Equal(Digest(t, "triggers.db"), store.ContentDigest());
        AssertConsistent(path);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(120)]
    [InlineData(299)]
    public void A_run_killed_while_building_aside_leaves_it_marked_and_the_next_run_rebuilds_it(int killAfter)
    {
        using var t = new TempIndex();
        WriteCorpus(t);
        var (_, triggers) = Build(t, "triggers.db", aside: false);

        using var store = t.Open();
        Assert.Throws<SimulatedKill>(() => new PaperIndexer(store, new InterruptingReader(killAfter)) { Chunks = SmallChunks, BuildFullTextAside = true }.Index([t.Corpus]));
        using (var c = Connect(t.DbPath))
        {
            Assert.True(FullTextAside.IsAside(c));
            Assert.True(Count(c, "SELECT count(*) FROM papers") > 0);
        }

        Assert.False(File.Exists(FullTextAside.ScratchPath(t.DbPath)));
        var report = new PaperIndexer(store, new LineFormatReader()) { Chunks = SmallChunks, BuildFullTextAside = true }.Index([t.Corpus]);
        Assert.Equal(FullTextBuild.Rebuilt, report.FullText);
        Assert.Equal(triggers, FullText(t.DbPath));
        Assert.Equal(Digest(t, "triggers.db"), store.ContentDigest());
        AssertConsistent(t.DbPath);

        // Later runs feed the full-text index through the triggers again.
        t.Write("c-more.papers", "7777||A later paper on lattice sieves|2024|New Author|added afterwards");
        Assert.Equal(FullTextBuild.Triggers, new PaperIndexer(store, new LineFormatReader()) { BuildFullTextAside = true }.Index([t.Corpus]).FullText);
        Assert.Single(store.SearchLexical("sieves", 5));
        AssertConsistent(t.DbPath);
    }

    [Fact]
    public void Opening_an_index_whose_aside_build_was_killed_rebuilds_its_full_text_index()
    {
        using var t = new TempIndex();
        WriteCorpus(t);
        var (_, triggers) = Build(t, "triggers.db", aside: false);
        using (var store = t.Open())
        {
            Assert.Throws<SimulatedKill>(() => new PaperIndexer(store, new InterruptingReader(120)) { Chunks = SmallChunks, BuildFullTextAside = true }.Index([t.Corpus]));
        }

        using (var c = Connect(t.DbPath))
        {
            Assert.True(FullTextAside.IsAside(c));
            Assert.Equal(0, Count(c, "SELECT count(*) FROM papers_fts_docsize"));
        }

        var notices = new List<string>();
        using var reopened = PaperStore.Open(t.DbPath, createIfMissing: false, notices.Add);
        Assert.Contains(notices, n => n.Contains("rebuilding the full-text index", StringComparison.Ordinal));
        using (var c = Connect(t.DbPath))
        {
            Assert.False(FullTextAside.IsAside(c));
            Assert.Equal(Count(c, "SELECT count(*) FROM papers"), Count(c, "SELECT count(*) FROM papers_fts_docsize"));
        }

        Assert.False(File.Exists(FullTextAside.LockPath(t.DbPath)));
        AssertConsistent(t.DbPath);
        var report = new PaperIndexer(reopened, new LineFormatReader()) { Chunks = SmallChunks, BuildFullTextAside = true }.Index([t.Corpus]);
        Assert.Equal(FullTextBuild.Triggers, report.FullText);
        Assert.Equal(triggers, FullText(t.DbPath));
    }

    [Fact]
    public void Opening_an_index_while_a_live_run_builds_aside_leaves_the_build_alone()
    {
        using var t = new TempIndex();
        WriteCorpus(t);
        using (var store = t.Open())
        {
            Assert.Throws<SimulatedKill>(() => new PaperIndexer(store, new InterruptingReader(120)) { Chunks = SmallChunks, BuildFullTextAside = true }.Index([t.Corpus]));
        }

        // A run that is still building holds the lock (here this test holds it, as a live run's process would).
        using (new FileStream(FullTextAside.LockPath(t.DbPath), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var notices = new List<string>();
            using var reopened = PaperStore.Open(t.DbPath, createIfMissing: false, notices.Add);
            Assert.DoesNotContain(notices, n => n.Contains("rebuilding the full-text index", StringComparison.Ordinal));
            using var c = Connect(t.DbPath);
            Assert.True(FullTextAside.IsAside(c));
            Assert.Equal(0, Count(c, "SELECT count(*) FROM papers_fts_docsize"));
        }
    }

    [Fact]
    public void A_run_that_did_not_build_aside_repairs_an_interrupted_aside_build_too()
    {
        using var t = new TempIndex();
        WriteCorpus(t);
        var (_, triggers) = Build(t, "triggers.db", aside: false);
        using var store = t.Open();
        Assert.Throws<SimulatedKill>(() => new PaperIndexer(store, new InterruptingReader(120)) { Chunks = SmallChunks, BuildFullTextAside = true }.Index([t.Corpus]));
        var report = new PaperIndexer(store, new LineFormatReader()) { Chunks = SmallChunks }.Index([t.Corpus]);
        Assert.Equal(FullTextBuild.Rebuilt, report.FullText);
        Assert.Equal(triggers, FullText(t.DbPath));
        AssertConsistent(t.DbPath);
    }

    [Fact]
    public void Papers_written_by_another_connection_during_the_run_make_it_rebuild_instead()
    {
        using var t = new TempIndex();
        WriteCorpus(t);
        using var store = t.Open();
        var wrote = false;
        var report = new PaperIndexer(store, new LineFormatReader()) { Chunks = SmallChunks, BuildFullTextAside = true }.Index([t.Corpus], p =>
        {
            if (p.Committed is not null && !wrote)
            {
                wrote = true;
                using var c = Connect(t.DbPath);
                using var cmd = c.CreateCommand();
                cmd.CommandText = "INSERT INTO papers(citation_key, title, authors, abstract, keys_text, embed_hash, record_json) VALUES ('beside2024', 'Written beside the run', 'Zed Beside', 'an abstract about quokkas', 'beside2024', 'x', '{}')";
                cmd.ExecuteNonQuery();
            }
        });

        Assert.True(wrote);
        Assert.Equal(FullTextBuild.Rebuilt, report.FullText);
        Assert.Single(store.SearchLexical("quokkas", 5));
        AssertConsistent(t.DbPath);
    }

    [Fact]
    public void A_run_into_an_index_that_has_papers_uses_the_triggers()
    {
        using var t = new TempIndex();
        t.Write("a.papers", "1||First paper on lattices|2020|Ann Author|one");
        using var store = t.Open();
        Assert.Equal(FullTextBuild.Aside, new PaperIndexer(store, new LineFormatReader()) { BuildFullTextAside = true }.Index([t.Corpus]).FullText);
        t.Write("b.papers", "2||Second paper on wombats|2021|Bo Writer|two");
        var report = new PaperIndexer(store, new LineFormatReader()) { BuildFullTextAside = true }.Index([t.Corpus]);
        Assert.Equal(FullTextBuild.Triggers, report.FullText);
        Assert.Single(store.SearchLexical("wombats", 5));
        Assert.Single(store.SearchLexical("lattices", 5));
        AssertConsistent(t.DbPath);
    }

    [Fact]
    public void The_scratch_table_is_defined_as_the_index_defines_papers_fts()
    {
        using var t = new TempIndex();
        using (t.Open())
        {
        }

        using var index = Connect(t.DbPath);
        using var scratch = new SqliteConnection("Data Source=:memory:");
        scratch.Open();
        using (var create = scratch.CreateCommand())
        {
            create.CommandText = Schema.Migrations.FullTextTableSql + Schema.Migrations.FullTextOptionsSql;
            create.ExecuteNonQuery();
        }

        const string Definition = "SELECT sql FROM sqlite_master WHERE name = 'papers_fts'";
        Assert.Equal(Normalize(Strings(index, Definition)), Normalize(Strings(scratch, Definition)));
        const string Config = "SELECT k || '=' || v FROM papers_fts_config ORDER BY k";
        Assert.Equal(Strings(index, Config), Strings(scratch, Config));

        static List<string> Normalize(List<string> sql) => [.. sql.Select(s => string.Join(' ', s.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)))];
    }

    private static (IndexReport Report, List<string> FullText) Build(TempIndex t, string name, bool aside)
    {
        var path = Path.Combine(t.Root, name);
        using var store = PaperStore.Open(path);
        var report = new PaperIndexer(store, new LineFormatReader()) { Chunks = SmallChunks, BuildFullTextAside = aside }.Index([t.Corpus]);
        AssertConsistent(path);
        return (report, FullText(path));
    }

    private static string Digest(TempIndex t, string name)
    {
        using var store = PaperStore.Open(Path.Combine(t.Root, name));
        return store.ContentDigest();
    }

    /// <summary>Every token instance (term, paper, column, position), the per-paper column sizes and the totals record.</summary>
    private static List<string> FullText(string path)
    {
        using var c = Connect(path);
        using (var vocab = c.CreateCommand())
        {
            vocab.CommandText = "CREATE VIRTUAL TABLE temp.instances USING fts5vocab(main, papers_fts, instance)";
            vocab.ExecuteNonQuery();
        }

        var rows = Strings(c, "SELECT term || ' ' || doc || ' ' || col || ' ' || offset FROM temp.instances");
        rows.AddRange(Strings(c, "SELECT id || ' ' || hex(sz) FROM papers_fts_docsize ORDER BY id"));
        rows.AddRange(Strings(c, "SELECT hex(block) FROM papers_fts_data WHERE id = 1"));
        Assert.True(rows.Count > 100);
        return rows;
    }

    /// <summary>FTS5's own check of the full-text index against the papers table; no aside mark left.</summary>
    private static void AssertConsistent(string path)
    {
        using var c = Connect(path);
        using var check = c.CreateCommand();
        check.CommandText = "INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)";
        check.ExecuteNonQuery();
        Assert.False(FullTextAside.IsAside(c));
    }

    private static SqliteConnection Connect(string path)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        c.Open();
        return c;
    }

    private static long Count(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    private static List<string> Strings(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
        {
            list.Add(r.GetString(0));
        }

        return list;
    }
}
