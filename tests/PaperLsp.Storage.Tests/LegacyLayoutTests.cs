using Microsoft.Data.Sqlite;
using PaperLsp.Ingestion.Model;
using PaperLsp.Storage.Indexing;

namespace PaperLsp.Storage.Tests;

/// <summary>Indexes written by older builds (schema 1–4 layouts, built by <see cref="LegacyIndex"/>) open, upgrade and work.</summary>
public sealed class LegacyLayoutTests
{
    private static readonly string[] Lines =
    [
        "1|d1|Quantum Annealing for Protein Folding|2020|Ann Lee;Bob Stone|Annealing schedules fold proteins.",
        "2||Classical Annealing Revisited|2021|Smith, Jr.;Carol Diaz|Simulated annealing with restarts.",
        "3|d3|Graph Transformers at Scale|2022||Attention over graphs.",
        "|d4|A Survey of Retrieval|2019|Dan Wu|Retrieval-augmented generation surveyed.",
    ];

    [Theory]
    [InlineData(4)]
    [InlineData(3)]
    [InlineData(1)]
    public void An_older_index_upgrades_and_reads_its_papers_search_and_vectors_as_a_fresh_index_does(int version)
    {
        using var fresh = new TempIndex();
        var file = fresh.Write("a.papers", Lines);
        using var freshStore = fresh.Open();
        fresh.Index(freshStore);
        var expected = freshStore.AllIds().Select(id => freshStore.GetById(id)!).ToList();
        Assert.Equal(4, expected.Count);

        using var legacy = new TempIndex();
        LegacyIndex.Create(legacy.DbPath, version, file, expected.Select(p => (p.CitationKey, p.Paper)).ToList());
        var vectors = expected.Take(3).Select((p, i) => (p.Id, new[] { 0.6f, -0.48f, 0.64f }.Select(x => x * (i % 2 == 0 ? 1 : -1)).ToArray())).ToList();
        LegacyIndex.AddVectors(legacy.DbPath, version, "m", 3, vectors);

        using var store = legacy.Open();
        var info = store.Info(fullIntegrityCheck: true);
        Assert.Equal(PaperStore.CurrentSchemaVersion, info.SchemaVersion);
        Assert.Equal("ok", info.IntegrityCheck);
        Assert.Empty(ForeignKeyProblems(legacy.DbPath));

        // Papers: the same records as a fresh index holds, whichever way they are looked up.
        foreach (var paper in expected)
        {
            Assert.Equal(Full(paper), Full(store.GetById(paper.Id)!));
            Assert.Equal(Full(paper), Full(store.GetByKey(paper.CitationKey)!));
        }

        Assert.Equal("Smith, Jr.", store.GetById(expected[1].Id)!.Paper.Authors[0]);
        Assert.Equal(expected.Select(Full).Order(StringComparer.Ordinal), store.AllPapers().Select(Full).Order(StringComparer.Ordinal));
        Assert.Equal(Full(expected[0]), Full(store.GetByKey("2001.00001")!));
        Assert.Equal(Full(expected[0]), Full(store.GetByIdentity("arxiv:2001.00001")!));

        // Search: same ids and BM25 scores as the fresh index.
        foreach (var query in new[] { "annealing", "protein folding", "graph attention retrieval", "Smith" })
        {
            Assert.Equal(freshStore.SearchLexical(query, 10), store.SearchLexical(query, 10));
        }

        // Vectors: kept (float32 rows of schema 1–3 and half rows of 4 alike), current for their papers, and writable.
        var (ids, matrix, dim) = store.LoadVectors("m");
        Assert.Equal(3, dim);
        Assert.Equal(vectors.Select(v => v.Id), ids);
        for (var i = 0; i < vectors.Count; i++)
        {
            for (var d = 0; d < 3; d++)
            {
                Assert.InRange(matrix[(i * 3) + d] - vectors[i].Item2[d], -0.0005f, 0.0005f);
            }
        }

        Assert.Equal(3, store.VectorCount("m"));
        Assert.Equal([expected[3].Id], store.PendingEmbeddings("m").Select(p => p.Id));
        var before = store.VectorFingerprint("m");
        Assert.NotEqual("", before);
        var pending = store.PendingEmbeddings("m").Single();
        Assert.Equal(1, store.PutVectors("m", [(pending.Id, pending.ContentHash, new[] { 1f, 0f, 0f })]));
        Assert.Empty(store.PendingEmbeddings("m"));
        Assert.NotEqual(before, store.VectorFingerprint("m"));
    }

    [Fact]
    public void An_upgrade_that_frees_much_of_the_file_says_so_and_compacts_it_keeping_every_vector()
    {
        using var fresh = new TempIndex();
        var file = fresh.Write("a.papers", Lines);
        using (var freshStore = fresh.Open())
        {
            fresh.Index(freshStore);
        }

        List<StoredPaper> papers;
        using (var freshStore = fresh.Open())
        {
            papers = freshStore.AllIds().Select(id => freshStore.GetById(id)!).ToList();
        }

        // Schema 4 vectors of 40 models x 4 papers x 4,096 dimensions (8 KiB each, 1.3 MB): the upgrade rebuilds them
        // into a new table, so their old pages are more than a quarter of the file.
        using var legacy = new TempIndex();
        LegacyIndex.Create(legacy.DbPath, 4, file, papers.Select(p => (p.CitationKey, p.Paper)).ToList());
        var random = new Random(5);
        for (var m = 0; m < 40; m++)
        {
            LegacyIndex.AddVectors(legacy.DbPath, 4, "m" + m, 4096, papers.Select(p => (p.Id, Enumerable.Range(0, 4096).Select(_ => (float)random.NextDouble() - 0.5f).ToArray())).ToList());
        }

        var before = new FileInfo(legacy.DbPath).Length;
        var notices = new List<string>();
        using var store = PaperStore.Open(legacy.DbPath, notice: notices.Add);

        Assert.Contains(notices, n => n.StartsWith("upgrading the index", StringComparison.Ordinal) && n.Contains("from schema 4 to", StringComparison.Ordinal));
        Assert.Contains(notices, n => n.StartsWith("compacting the index", StringComparison.Ordinal));
        Assert.DoesNotContain(notices, n => n.StartsWith("could not compact", StringComparison.Ordinal));
        using (var c = new SqliteConnection($"Data Source={legacy.DbPath};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA freelist_count";
            Assert.Equal(0L, (long)cmd.ExecuteScalar()!);
        }

        // The vectors are as many bytes as before, so the compacted file is about as large as the old one; uncompacted,
        // it would also keep the old table's pages (about 1.6 times the old file here).
        var after = new FileInfo(legacy.DbPath).Length;
        Assert.True(after < before + (before / 10), $"file {after} bytes after the upgrade, {before} before");
        for (var m = 0; m < 40; m++)
        {
            Assert.Equal(4, store.VectorCount("m" + m));
        }

        Assert.Equal("ok", store.Info(fullIntegrityCheck: true).IntegrityCheck);

        // Opening the upgraded index again neither upgrades nor compacts.
        var again = new List<string>();
        using (PaperStore.Open(legacy.DbPath, notice: again.Add))
        {
        }

        Assert.Empty(again);
    }

    [Fact]
    public void An_upgraded_index_takes_new_papers_and_merges_new_records_into_old_rows()
    {
        using var fresh = new TempIndex();
        fresh.Write("a.papers", Lines);
        var more = new[] { "1||Quantum Annealing for Protein Folding|2020|Ann Lee;Bob Stone;Eve Kim|A longer abstract: annealing schedules fold proteins fast.", "5||Sparse Mixtures of Experts|2023|Fay Ng|Routing tokens." };
        using var freshStore = fresh.Open();
        fresh.Index(freshStore);
        var old = freshStore.AllIds().Select(id => freshStore.GetById(id)!).ToList();

        using var legacy = new TempIndex();
        var legacyFile = legacy.Write("a.papers", Lines);
        LegacyIndex.Create(legacy.DbPath, 4, legacyFile, old.Select(p => (p.CitationKey, p.Paper with { Source = p.Paper.Source with { Path = legacyFile } })).ToList());
        using var store = legacy.Open();

        // The same second file into both: a new paper, and a record of paper 1 that merges into its (old-layout) row.
        fresh.Write("b.papers", more);
        legacy.Write("b.papers", more);
        fresh.Index(freshStore, Path.Combine(fresh.Corpus, "b.papers"));
        legacy.Index(store, Path.Combine(legacy.Corpus, "b.papers"));
        var expected = freshStore.AllPapers().ToList();
        var actual = store.AllPapers().ToList();
        Assert.Equal(5, actual.Count);
        Assert.Equal(expected.Select(p => Full(p).Replace(fresh.Corpus, "CORPUS", StringComparison.Ordinal)), actual.Select(p => Full(p).Replace(legacy.Corpus, "CORPUS", StringComparison.Ordinal)));
        var merged = store.GetByKey("2001.00001")!.Paper;
        Assert.Equal(3, merged.Authors.Count);
        Assert.StartsWith("A longer abstract", merged.Abstract, StringComparison.Ordinal);
        Assert.Equal(2, store.SourcesOf(store.GetByKey("2001.00001")!.Id).Count);
        Assert.Equal("ok", store.Info(fullIntegrityCheck: true).IntegrityCheck);
        using var c = new SqliteConnection($"Data Source={legacy.DbPath};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)";
        cmd.ExecuteNonQuery();
    }

    [Fact]
    public void A_new_row_keeps_only_what_has_no_column_and_reads_back_whole()
    {
        using var t = new TempIndex();
        t.Write("a.papers", Lines);
        using var store = t.Open();
        t.Index(store);
        using var c = new SqliteConnection($"Data Source={t.DbPath};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT record_json, norm_title, source_id, source_line FROM papers ORDER BY id";
        using var r = cmd.ExecuteReader();
        var rows = new List<(string Json, bool NormTitle, long SourceId, long Line)>();
        while (r.Read())
        {
            rows.Add((r.GetString(0), !r.IsDBNull(1), r.GetInt64(2), r.GetInt64(3)));
        }

        Assert.Equal(4, rows.Count);
        foreach (var (json, normTitle, _, _) in rows)
        {
            Assert.False(normTitle);
            foreach (var field in new[] { "\"title\"", "\"abstract\"", "\"year\"", "\"arxivId\"", "\"doi\"", "\"source\"", "\"keywords\"" })
            {
                Assert.DoesNotContain(field, json, StringComparison.Ordinal);
            }
        }

        // Authors stay in the JSON only when the column cannot give them back ("Smith, Jr." holds the separator).
        Assert.DoesNotContain("\"authors\"", rows[0].Json, StringComparison.Ordinal);
        Assert.Contains("\"authors\":[\"Smith, Jr.\",\"Carol Diaz\"]", rows[1].Json, StringComparison.Ordinal);
        Assert.Equal([1L, 2, 3, 4], rows.Select(x => x.Line));
        var second = store.GetById(2)!.Paper;
        Assert.Equal(["Smith, Jr.", "Carol Diaz"], second.Authors);
        Assert.Equal(new PaperSource(Path.Combine(t.Corpus, "a.papers"), SourceFormat.ListingText, 2), second.Source);
        Assert.Equal("Classical Annealing Revisited", second.Title);
        Assert.Equal(2021, second.Year);
        Assert.Equal("2001.00002", second.ArxivId);
        Assert.Equal("Simulated annealing with restarts.", second.Abstract);
    }

    private static string Full(StoredPaper p) => p.CitationKey + "\n" + StorageJson.Serialize(p.Paper);

    private static List<string> ForeignKeyProblems(string dbPath)
    {
        using var c = new SqliteConnection($"Data Source={dbPath};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA foreign_key_check";
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
        {
            list.Add(r.GetString(0));
        }

        return list;
    }
}
