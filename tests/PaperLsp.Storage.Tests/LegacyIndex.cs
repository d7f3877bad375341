using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using PaperLsp.Ingestion.Model;
using PaperLsp.Storage.Indexing;
using PaperLsp.Storage.Schema;

namespace PaperLsp.Storage.Tests;

/// <summary>
/// Writes an index file as an older paperlsp left it at schema <c>version</c> (1–4): the shipped migrations up to that
/// version, then rows as those builds wrote them — the full record (title, authors, year, ids, source) in
/// papers.record_json without its abstract, norm_title, vectors keyed by the model id text with a hex content hash and
/// their dimension (float32 before schema 4, half precision from 4). For upgrade tests; the layout is spelled out here
/// on purpose, independent of the writer of today.
/// </summary>
internal static class LegacyIndex
{
    public static void Create(string dbPath, int version, string sourcePath, IReadOnlyList<(string Key, Paper Paper)> papers)
    {
        Assert.InRange(version, 1, 4);
        using var c = new SqliteConnection($"Data Source={dbPath};Pooling=False");
        c.Open();
        Exec(c, version >= 4 ? "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL;" : "PRAGMA journal_mode = WAL;");
        using (var tx = c.BeginTransaction())
        {
            for (var v = 0; v < version; v++)
            {
                Exec(c, Migrations.All[v], tx);
            }

            Exec(c, $"PRAGMA user_version = {version}; INSERT INTO meta(key, value) VALUES ('application', 'paperlsp'), ('created_by', 'paperlsp 0.legacy'), ('created_at', '2026-01-01T00:00:00Z');", tx);
            var sourceId = (long)Scalar(c, tx, "INSERT INTO sources(path, format, size, mtime, content_hash, indexed_at, paper_count, problem_count) VALUES ($a, 'ListingText', 1, 0, 'legacy', '2026-01-01T00:00:00Z', $b, 0) RETURNING id", sourcePath, papers.Count)!;
            foreach (var (key, paper) in papers)
            {
                var identities = IngestionBridge.IdentityKeys(paper);
                using var insert = Command(c, tx, "INSERT INTO papers(citation_key, key_from_bib, arxiv_id, doi, norm_title, year, title, authors, abstract, keys_text, embed_hash, record_json) VALUES ($k, 0, $ax, $doi, $nt, $y, $ti, $au, $ab, $kt, $eh, $j) RETURNING id");
                insert.Parameters.AddWithValue("$k", key);
                insert.Parameters.AddWithValue("$ax", (object?)paper.ArxivId ?? DBNull.Value);
                insert.Parameters.AddWithValue("$doi", (object?)paper.Doi ?? DBNull.Value);
                insert.Parameters.AddWithValue("$nt", (object?)identities.FirstOrDefault(i => i.StartsWith("title:", StringComparison.Ordinal))?[6..] ?? DBNull.Value);
                insert.Parameters.AddWithValue("$y", (object?)paper.Year ?? DBNull.Value);
                insert.Parameters.AddWithValue("$ti", paper.Title);
                insert.Parameters.AddWithValue("$au", string.Join(", ", paper.Authors));
                insert.Parameters.AddWithValue("$ab", paper.Abstract);
                insert.Parameters.AddWithValue("$kt", string.Join(' ', new[] { key, paper.ArxivId, paper.Doi }.Where(s => !string.IsNullOrWhiteSpace(s))));
                insert.Parameters.AddWithValue("$eh", ContentHashing.OfText(ContentHashing.EmbeddingText(paper.Title, paper.Abstract)));
                insert.Parameters.AddWithValue("$j", FullJson(paper));
                var id = (long)insert.ExecuteScalar()!;
                foreach (var identity in identities)
                {
                    Scalar(c, tx, "INSERT OR IGNORE INTO paper_identities(identity, paper_id) VALUES ($a, $b)", identity, id);
                }

                Scalar(c, tx, "INSERT INTO paper_sources(paper_id, source_id, line, record_json) VALUES ($a, $b, " + paper.Source.Line.ToString(CultureInfo.InvariantCulture) + ", NULL)", id, sourceId);
            }

            tx.Commit();
        }
    }

    /// <summary>Registers a model and stores a vector for each paper id as the given version did (float32 before 4, else half).</summary>
    public static void AddVectors(string dbPath, int version, string modelId, int dimension, IReadOnlyList<(long PaperId, float[] Vector)> vectors)
    {
        using var c = new SqliteConnection($"Data Source={dbPath};Pooling=False");
        c.Open();
        using var tx = c.BeginTransaction();
        Scalar(c, tx, "INSERT INTO models(model_id, name, dimension, sha256, registered_at) VALUES ($a, $a, $b, 'sha', '2026-01-01T00:00:00Z')", modelId, dimension);
        foreach (var (paperId, vector) in vectors)
        {
            using var insert = Command(c, tx, "INSERT INTO vectors(paper_id, model_id, content_hash, dim, vector) SELECT $p, $m, embed_hash, $d, $v FROM papers WHERE id = $p");
            insert.Parameters.AddWithValue("$p", paperId);
            insert.Parameters.AddWithValue("$m", modelId);
            insert.Parameters.AddWithValue("$d", dimension);
            insert.Parameters.AddWithValue("$v", version >= 4 ? Half(vector) : vector.SelectMany(BitConverter.GetBytes).ToArray());
            Assert.Equal(1, insert.ExecuteNonQuery());
        }

        tx.Commit();
    }

    /// <summary>The record JSON builds before schema 5 kept: the whole record but its abstract.</summary>
    public static string FullJson(Paper paper)
    {
        var json = new JsonObject
        {
            ["title"] = paper.Title,
            ["abstract"] = "",
            ["authors"] = new JsonArray(paper.Authors.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
        };
        if (paper.Year is { } year)
        {
            json["year"] = year;
        }

        if (paper.ArxivId is { } arxiv)
        {
            json["arxivId"] = arxiv;
        }

        if (paper.Doi is { } doi)
        {
            json["doi"] = doi;
        }

        json["keywords"] = new JsonArray();
        json["source"] = new JsonObject { ["path"] = paper.Source.Path, ["format"] = paper.Source.Format.ToString(), ["line"] = paper.Source.Line };
        return json.ToJsonString();
    }

    private static byte[] Half(float[] vector)
    {
        var bytes = new byte[vector.Length * 2];
        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2), (Half)vector[i]);
        }

        return bytes;
    }

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction? tx, string sql)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    private static void Exec(SqliteConnection c, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = Command(c, tx, sql);
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection c, SqliteTransaction tx, string sql, object a, object? b = null)
    {
        using var cmd = Command(c, tx, sql);
        cmd.Parameters.AddWithValue("$a", a);
        if (b is not null)
        {
            cmd.Parameters.AddWithValue("$b", b);
        }

        return cmd.ExecuteScalar();
    }
}
