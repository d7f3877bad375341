using CsCheck;
using Microsoft.Data.Sqlite;

namespace PaperLsp.Storage.Tests;

public sealed class StoreTests
{
    [Fact]
    public void A_new_index_has_the_latest_schema_in_wal_mode()
    {
        using var t = new TempIndex();
        using var store = t.Open();
        var info = store.Info(fullIntegrityCheck: true);
        Assert.Equal(PaperStore.CurrentSchemaVersion, info.SchemaVersion);
        Assert.Equal("ok", info.IntegrityCheck);
        Assert.StartsWith("paperlsp ", info.CreatedBy, StringComparison.Ordinal);
        Assert.Null(store.RecoveryNote);
        using var c = new SqliteConnection($"Data Source={t.DbPath}");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", cmd.ExecuteScalar());
    }

    [Theory]
    [InlineData("random")]
    [InlineData("foreign")]
    [InlineData("truncated")]
    public void An_unusable_file_is_moved_aside_and_replaced_by_a_fresh_index(string kind)
    {
        using var t = new TempIndex();
        switch (kind)
        {
            case "random":
                File.WriteAllBytes(t.DbPath, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7919 % 251)).ToArray());
                break;
            case "foreign":
                using (var c = new SqliteConnection($"Data Source={t.DbPath};Pooling=False"))
                {
                    c.Open();
                    using var cmd = c.CreateCommand();
                    cmd.CommandText = "CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places(url) VALUES ('x');";
                    cmd.ExecuteNonQuery();
                }

                break;
            default:
                t.Write("a.papers", Enumerable.Range(0, 300).Select(i => $"{i}|doi/{i}|Paper number {i} about things|2020|Ann|{new string('x', 400)}").ToArray());
                using (var s = t.Open())
                {
                    t.Index(s);
                }

                SqliteConnection.ClearAllPools();
                var bytes = File.ReadAllBytes(t.DbPath);
                File.WriteAllBytes(t.DbPath, bytes[..(bytes.Length / 2)].Concat(new byte[4096]).ToArray());
                foreach (var side in new[] { "-wal", "-shm" })
                {
                    File.Delete(t.DbPath + side);
                }

                break;
        }

        using var store = t.Open();
        Assert.NotNull(store.RecoveryNote);
        Assert.Contains(".corrupt-", store.RecoveryNote, StringComparison.Ordinal);
        Assert.Equal(0, store.Count());
        Assert.Single(Directory.GetFiles(t.Root, "index.db.corrupt-*"), f => !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal));
        Assert.Equal("ok", store.Info().IntegrityCheck);
    }

    [Fact]
    public void An_index_from_a_newer_schema_is_refused_not_destroyed()
    {
        using var t = new TempIndex();
        using (var s = t.Open())
        {
        }

        using (var c = new SqliteConnection($"Data Source={t.DbPath};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA user_version = 99";
            cmd.ExecuteNonQuery();
        }

        var ex = Assert.Throws<PaperStoreException>(() => PaperStore.Open(t.DbPath));
        Assert.Contains("newer", ex.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(t.DbPath));
    }

    [Fact]
    public void Opening_a_missing_index_without_create_says_what_to_do()
    {
        using var t = new TempIndex();
        var ex = Assert.Throws<PaperStoreException>(() => PaperStore.Open(t.DbPath, createIfMissing: false));
        Assert.Contains("paperlsp index", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2312.17653", "2312.17653")]
    [InlineData("2312.17653v3", "2312.17653")]
    [InlineData("arXiv:2312.17653v1", "2312.17653")]
    [InlineData("ARXIV:2312.17653", "2312.17653")]
    [InlineData("doi:10.1000/ABC", "2312.17653")]
    [InlineData("10.1000/abc", "2312.17653")]
    [InlineData("cs/0112017v1", "cs/0112017")]
    [InlineData("9999.99999", null)]
    [InlineData("", null)]
    public void GetByKey_finds_papers_by_arxiv_id_and_doi(string query, string? expectedArxiv)
    {
        using var t = new TempIndex();
        t.Write("a.papers", "2312.17653|10.1000/abc|Some Paper|2023|Ann|", "cs/0112017||Old Paper|2001|Bob|");
        using var store = t.Open();
        t.Index(store);
        Assert.Equal(expectedArxiv, store.GetByKey(query)?.Paper.ArxivId);
    }

    [Fact]
    public void Key_prefix_lookup_is_case_insensitive_and_limited()
    {
        using var t = new TempIndex();
        t.Write("a.papers", "1|d1|A|2020|Ann||smith2020a", "2|d2|B|2020|Ann||Smith2020b", "3|d3|C|2020|Ann||jones2020", "4|d4|D|2020|Ann||smith2021");
        using var store = t.Open();
        t.Index(store);
        Assert.Equal(["smith2020a", "Smith2020b", "smith2021"], store.KeysWithPrefix("SMITH", 10).Select(p => p.CitationKey));
        Assert.Equal(2, store.KeysWithPrefix("smith", 2).Count);
        Assert.Empty(store.KeysWithPrefix("zzz", 10));
        Assert.Equal(4, store.KeysWithPrefix("", 10).Count);
        foreach (var prefix in new[] { "SMITH", "smith", "zzz", "", "jo" })
        {
            Assert.Equal(store.KeysWithPrefix(prefix, 2).Select(p => p.Id), store.IdsWithKeyPrefix(prefix, 2));
        }
    }

    [Fact]
    public void Lexical_search_ranks_title_matches_above_abstract_matches()
    {
        using var t = new TempIndex();
        t.Write("a.papers",
            "1|d1|Sparse Mixture of Experts|2020|Ann|We study routing.",
            "2|d2|Dense Transformers|2020|Bob|A comparison with sparse mixture of experts models.",
            "3|d3|Unrelated Work on Vision|2020|Cy|Images.");
        using var store = t.Open();
        t.Index(store);
        var hits = store.SearchLexical("the mixture-of-experts (sparse) that we", 10);
        Assert.Equal([1L, 2L], hits.Select(h => h.Id));
        Assert.True(hits[0].Score > hits[1].Score);
        Assert.Empty(store.SearchLexical("the of and", 10));
        Assert.Single(store.SearchLexical("vision", 10));
    }

    [Fact]
    public void Long_queries_on_a_large_index_still_find_the_paper_with_the_rare_words()
    {
        using var t = new TempIndex();
        var lines = Enumerable.Range(0, 2500)
            .Select(i => $"{i + 10}|doi/{i}|Language models for learning tasks number {i}|2020|Ann|large language models learning data training results")
            .Append("9|doi/x|Calibrated Widget Spectroscopy|2021|Bob|large language models learning with widget spectroscopy calibration")
            .ToArray();
        t.Write("big.papers", lines);
        using var store = t.Open();
        t.Index(store);
        var hits = store.SearchLexical("large language models learning from training data results for widget spectroscopy calibration", 5);
        Assert.Equal("Calibrated Widget Spectroscopy", store.GetById(hits[0].Id)!.Paper.Title);
        Assert.Equal(5, hits.Count); // the rare terms match one paper; the common ones fill the rest
        Assert.Equal(hits[0].Id, store.SearchLexical("widget spectroscopy calibration training data", 1)[0].Id);
    }

    [Fact]
    public void Lexical_search_never_fails_on_arbitrary_text()
    {
        using var t = new TempIndex();
        t.Write("a.papers", "1|d1|Graph Neural Networks|2020|Ann|message passing", "2|d2|NEAR \"quoted\" OR title|2020|Bob|");
        using var store = t.Open();
        t.Index(store);
        Assert.NotEmpty(store.SearchLexical("\"NEAR(\" OR AND * ^title: {col} -x +", 5));
        Gen.String.Sample(text => { store.SearchLexical(text, 5); }, iter: 300);
        Gen.Char.Array[0, 40].Select(chars => new string(chars)).Sample(text => { store.SearchLexical(text, 5); }, iter: 300);
    }

    [Fact]
    public void GetMany_reads_papers_in_the_order_asked_leaving_out_unknown_ids()
    {
        using var t = new TempIndex();
        t.Write("a.papers",
            "1|d1|First Paper|2020|Ann|one",
            "2|d2|Second Paper|2021|Bob|two",
            "3|d3|Third Paper|2022|Cy|three");
        using var store = t.Open();
        t.Index(store);
        var ids = store.AllIds();
        Assert.Equal(3, ids.Count);
        var asked = new[] { ids[2], -5, ids[0], ids[2], 999_999, ids[1] };
        var read = store.GetMany(asked);
        Assert.Equal(new[] { ids[2], ids[0], ids[2], ids[1] }, read.Select(p => p.Id));
        Assert.Equal(["Third Paper", "First Paper", "Third Paper", "Second Paper"], read.Select(p => p.Paper.Title));
        Assert.Equal(
            asked.Select(store.GetById).OfType<PaperLsp.Ingestion.Model.StoredPaper>().Select(p => (p.Id, p.CitationKey, p.Paper.Title, p.Paper.Abstract, p.Paper.Year, string.Join(';', p.Paper.Authors))),
            read.Select(p => (p.Id, p.CitationKey, p.Paper.Title, p.Paper.Abstract, p.Paper.Year, string.Join(';', p.Paper.Authors))));
        Assert.Empty(store.GetMany([]));
    }

    [Fact]
    public void Reads_work_while_another_connection_holds_a_write_transaction()
    {
        using var t = new TempIndex();
        t.Write("a.papers", "1|d1|Graph Neural Networks|2020|Ann|");
        using var store = t.Open();
        t.Index(store);
        using var writer = new SqliteConnection($"Data Source={t.DbPath};Pooling=False");
        writer.Open();
        using var tx = writer.BeginTransaction(deferred: false);
        using (var cmd = writer.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "UPDATE papers SET title = 'Changed but not committed' WHERE id = 1";
            cmd.ExecuteNonQuery();
        }

        var results = new string[16];
        Parallel.For(0, results.Length, i => results[i] = store.GetById(1)!.Paper.Title + "|" + store.SearchLexical("graph", 3).Count);
        Assert.All(results, r => Assert.Equal("Graph Neural Networks|1", r));
        tx.Rollback();
    }

    [Fact]
    public void Vectors_round_trip_and_go_stale_when_text_changes()
    {
        using var t = new TempIndex();
        t.Write("a.papers", "1|d1|First|2020|Ann|one", "2|d2|Second|2020|Bob|two");
        using var store = t.Open();
        t.Index(store);
        Assert.Throws<ArgumentException>(() => store.PutVectors("m", [(1L, "h", new float[3])]));
        store.UpsertModel("m", "test model", 3, "abc");
        var pending = store.PendingEmbeddings("m").ToList();
        Assert.Equal(2, pending.Count);
        Assert.Equal("First. one", pending[0].Text);
        Assert.Throws<ArgumentException>(() => store.PutVectors("m", [(pending[0].Id, pending[0].ContentHash, new float[2])]));
        var stored = store.PutVectors("m", pending.Select(p => (p.Id, p.ContentHash, new[] { p.Id, -1.5f, float.Epsilon })).Append((999L, "h", new float[3])));
        Assert.Equal(2, stored);
        Assert.Empty(store.PendingEmbeddings("m"));
        var (ids, matrix, dim) = store.LoadVectors("m");
        Assert.Equal(3, dim);
        Assert.Equal(pending.Select(p => p.Id), ids);
        // Stored in half precision: what a half holds comes back exactly, float.Epsilon underflows to 0.
        Assert.Equal([ids[0], -1.5f, 0f, ids[1], -1.5f, 0f], matrix);

        t.Write("a.papers", "1|d1|First|2020|Ann|one, revised", "2|d2|Second|2020|Bob|two");
        t.Index(store);
        Assert.Equal([ids[0]], store.PendingEmbeddings("m").Select(p => p.Id));

        store.UpsertModel("m", "test model", 3, "abc");
        Assert.Equal(2, store.LoadVectors("m").Ids.Length);
        store.UpsertModel("m", "test model v2", 4, "def");
        Assert.Empty(store.LoadVectors("m").Ids);
        Assert.Equal(2, store.PendingEmbeddings("m").Count());
        Assert.Equal((0, 0), (store.LoadVectors("unknown").Ids.Length, store.LoadVectors("unknown").Dim));
    }

    [Fact]
    public void The_vector_fingerprint_changes_when_the_newest_rows_are_re_added_and_an_older_one_changed()
    {
        // Papers 2 and 3 (the newest vector rows) are removed, then indexed again with the same ids, paper 2 with a new
        // abstract: their vectors come back under the same row ids, the newest row (paper 3) is the same as before, and
        // count, largest and summed row id are unchanged; only paper 2's vector differs.
        using var t = new TempIndex();
        t.Write("a.papers", "1|d1|First|2020|Ann|one");
        var b = t.Write("b.papers", "2|d2|Second|2020|Bob|two");
        var c = t.Write("c.papers", "3|d3|Third|2020|Cy|three");
        using var store = t.Open();
        t.Index(store);
        store.UpsertModel("m", "m", 2, "x");
        void Embed() => store.PutVectors("m", store.PendingEmbeddings("m").OrderBy(p => p.Id).Select(p => (p.Id, p.ContentHash, new[] { p.Text.Length, 1f })).ToList());
        Embed();
        var before = store.VectorFingerprint("m");
        var vectorsBefore = store.LoadVectors("m");

        File.Delete(b);
        File.Delete(c);
        t.Index(store);
        Assert.Single(store.LoadVectors("m").Ids);
        t.Write("b.papers", "2|d2|Second|2020|Bob|two, revised at length");
        t.Write("c.papers", "3|d3|Third|2020|Cy|three");
        t.Index(store);
        Embed();

        var after = store.LoadVectors("m");
        Assert.Equal(vectorsBefore.Ids, after.Ids);
        Assert.NotEqual(vectorsBefore.Matrix, after.Matrix);
        Assert.NotEqual(before, store.VectorFingerprint("m"));
    }

    [Fact]
    public void A_version_3_index_with_vectors_upgrades_to_counting_vector_writes()
    {
        using var source = new TempIndex();
        var file = source.Write("a.papers", "1|d1|First|2020|Ann|one", "2|d2|Second|2020|Bob|two");
        List<(string, PaperLsp.Ingestion.Model.Paper)> papers;
        using (var store = source.Open())
        {
            source.Index(store);
            papers = store.AllIds().Select(id => store.GetById(id)!).Select(p => (p.CitationKey, p.Paper)).ToList();
        }

        // An index as a version 3 build left it: no counter, no triggers, float32 vectors.
        using var t = new TempIndex();
        LegacyIndex.Create(t.DbPath, 3, file, papers);
        LegacyIndex.AddVectors(t.DbPath, 3, "m", 2, [(1, new float[2]), (2, new float[2])]);

        using var upgraded = t.Open();
        Assert.Equal(PaperStore.CurrentSchemaVersion, upgraded.Info(fullIntegrityCheck: true).SchemaVersion);
        Assert.Equal(2, upgraded.LoadVectors("m").Ids.Length);
        var before = upgraded.VectorFingerprint("m");
        upgraded.PutVectors("m", [(upgraded.LoadVectors("m").Ids[0], "h", new[] { 1f, 0f })]);
        var after = upgraded.VectorFingerprint("m");
        Assert.NotEqual(before, after);
        using (var c = new SqliteConnection($"Data Source={t.DbPath};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT vector_changes FROM models WHERE model_id = 'm'";
            Assert.True((long)cmd.ExecuteScalar()! >= 1);
        }

        Assert.Equal("ok", upgraded.Info(fullIntegrityCheck: true).IntegrityCheck);
    }

    [Fact]
    public void Vectors_are_stored_in_half_precision_and_float32_rows_of_older_indexes_still_read()
    {
        using var t = new TempIndex();
        t.Write("a.papers", "1|d1|First|2020|Ann|one", "2|d2|Second|2020|Bob|two");
        using var store = t.Open();
        t.Index(store);
        store.UpsertModel("m", "m", 3, "x");
        var pending = store.PendingEmbeddings("m").ToList();
        var unit = new[] { 0.6f, -0.48f, 0.64f };
        store.PutVectors("m", [(pending[0].Id, pending[0].ContentHash, unit)]);

        using var c = new SqliteConnection($"Data Source={t.DbPath};Pooling=False");
        c.Open();
        using (var old = c.CreateCommand())
        {
            // A row as schema version 3 wrote it: float32, little-endian.
            old.CommandText = "INSERT INTO vectors(paper_id, model, content_hash, vector) VALUES ($p, (SELECT id FROM models WHERE model_id = 'm'), $h, $v)";
            old.Parameters.AddWithValue("$p", pending[1].Id);
            old.Parameters.AddWithValue("$h", Convert.FromHexString(pending[1].ContentHash));
            old.Parameters.AddWithValue("$v", new float[] { 0.1f, 0.2f, 0.3f }.SelectMany(BitConverter.GetBytes).ToArray());
            old.ExecuteNonQuery();
        }

        using (var size = c.CreateCommand())
        {
            size.CommandText = "SELECT length(vector) FROM vectors ORDER BY paper_id";
            using var r = size.ExecuteReader();
            Assert.True(r.Read());
            Assert.Equal(6L, r.GetInt64(0));
        }

        var (ids, matrix, dim) = store.LoadVectors("m");
        Assert.Equal(3, dim);
        Assert.Equal(pending.Select(p => p.Id).Order(), ids);
        for (var i = 0; i < 3; i++)
        {
            Assert.InRange(matrix[i] - unit[i], -0.0005f, 0.0005f);
        }

        Assert.Equal([0.1f, 0.2f, 0.3f], matrix[3..]);
        var streamed = new List<float>();
        store.ForEachVector("m", (_, v) => streamed.AddRange(v.ToArray()));
        Assert.Equal(matrix, streamed);
    }

    /// <summary>
    /// Reading a model's vectors in id order walks the primary key: no temporary sort, which would hold every vector of
    /// the model in SQLite's memory (the plan SQLite chose through the model's index).
    /// </summary>
    [Fact]
    public void A_models_vectors_are_read_in_id_order_without_sorting_them_first()
    {
        using var t = new TempIndex();
        using (t.Open())
        {
        }

        using var c = new SqliteConnection($"Data Source={t.DbPath};Pooling=False");
        c.Open();
        string Plan(string sql)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = "EXPLAIN QUERY PLAN " + sql;
            cmd.Parameters.AddWithValue("?1", 1L);
            using var r = cmd.ExecuteReader();
            var lines = new List<string>();
            while (r.Read())
            {
                lines.Add(r.GetString(3));
            }

            return string.Join(" | ", lines);
        }

        Assert.Contains("TEMP B-TREE", Plan("SELECT paper_id, vector FROM vectors WHERE model = ?1 ORDER BY paper_id"), StringComparison.Ordinal);
        var plan = Plan(PaperStore.VectorsInIdOrder);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
        Assert.Contains("sqlite_autoindex_vectors", plan, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_index_has_16_KiB_pages()
    {
        using var t = new TempIndex();
        using (t.Open())
        {
        }

        using var c = new SqliteConnection($"Data Source={t.DbPath};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA page_size";
        Assert.Equal(16384L, cmd.ExecuteScalar());
    }

    [Fact]
    public void Deleting_a_paper_removes_it_from_full_text_search_and_its_vectors()
    {
        using var t = new TempIndex();
        var a = t.Write("a.papers", "1|d1|Quantum Annealing|2020|Ann|");
        t.Write("b.papers", "2|d2|Classical Annealing|2020|Bob|");
        using var store = t.Open();
        t.Index(store);
        store.UpsertModel("m", "m", 2, "x");
        store.PutVectors("m", store.PendingEmbeddings("m").Select(p => (p.Id, p.ContentHash, new float[2])).ToList());
        File.Delete(a);
        t.Index(store);
        Assert.Single(store.SearchLexical("annealing", 10));
        Assert.Single(store.LoadVectors("m").Ids);
        Assert.Equal("ok", store.Info(fullIntegrityCheck: true).IntegrityCheck);
        using var c = new SqliteConnection($"Data Source={t.DbPath};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)";
        cmd.ExecuteNonQuery();
    }
}
