using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PaperLsp.Server.Tests.Faults;

/// <summary>
/// A temporary corpus of JSONL files with known arXiv ids and an index path beside it; verifies an index against
/// what each file holds. Deleted on dispose.
/// </summary>
internal sealed class FaultCorpus : IDisposable
{
    private int nextFile;

    public FaultCorpus()
    {
        Root = Path.Combine(Path.GetTempPath(), "paperlsp-faults-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Folder);
    }

    public string Root { get; }

    public string Folder => Path.Combine(Root, "corpus");

    public string DbPath => Path.Combine(Root, "index.db");

    /// <summary>Ids each written file holds, by full path (kept after a file is deleted, for verification).</summary>
    public Dictionary<string, HashSet<string>> Expected { get; } = new(StringComparer.Ordinal);

    /// <summary>Writes a JSONL file of <paramref name="records"/> papers whose titles and abstracts mention <paramref name="marker"/>.</summary>
    public string AddFile(int records, string marker = "widget", string? folder = null)
    {
        var file = nextFile++;
        var path = Path.Combine(folder ?? Folder, $"part{file:D3}.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        using (var writer = new StreamWriter(path))
        {
            for (var i = 0; i < records; i++)
            {
                // One valid yymm per file (1501, 1502, …; five-digit numbers): distinct files never share an id.
                var id = $"{15 + file / 12:D2}{file % 12 + 1:D2}.{i:D5}";
                ids.Add(id);
                writer.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["arxiv_id"] = id,
                    ["title"] = $"Calibrating {marker} ensembles: file {file} record {i}",
                    ["abstract"] = string.Join(' ', Enumerable.Repeat($"We measure {marker} calibration for record {i} of file {file} under distribution shift.", 5)),
                    ["authors"] = new[] { $"Ada Tester{i % 13}", $"Bo Checker{file}" },
                    ["date"] = "2024-01-15",
                    ["source"] = "fault-test",
                }));
            }
        }

        Expected[Path.GetFullPath(path)] = ids;
        return path;
    }

    /// <summary>
    /// Asserts <c>PRAGMA integrity_check</c> is ok, every complete source has all its papers, an interrupted one
    /// exactly its committed records, no paper comes from elsewhere, and full-text search finds every paper; returns the
    /// recorded source paths.
    /// </summary>
    public HashSet<string> Verify(string marker = "widget")
    {
        var recorded = new HashSet<string>(StringComparer.Ordinal);
        if (!File.Exists(DbPath))
        {
            return recorded;
        }

        using var c = new SqliteConnection($"Data Source={DbPath};Mode=ReadOnly;Pooling=False");
        c.Open();
        Assert.Equal("ok", Scalar(c, "PRAGMA integrity_check"));

        // One read transaction: sources, papers and full-text rows from the same snapshot while others may write.
        // (plain BEGIN: the commands below then need no transaction object; the connection is closed at the end)
        Scalar(c, "BEGIN");
        if ((long)Scalar(c, "SELECT count(*) FROM sqlite_master WHERE name = 'sources'")! == 0)
        {
            return recorded;
        }

        var links = new Dictionary<string, (bool Complete, long RecordsDone, long Links)>(StringComparer.Ordinal);
        using (var q = c.CreateCommand())
        {
            q.CommandText = "SELECT path, complete, records_done, (SELECT count(*) FROM paper_sources ps WHERE ps.source_id = s.id) FROM sources s";
            using var r = q.ExecuteReader();
            while (r.Read())
            {
                recorded.Add(r.GetString(0));
                links[r.GetString(0)] = (r.GetInt64(1) != 0, r.GetInt64(2), r.GetInt64(3));
            }
        }

        var papers = new HashSet<string>(StringComparer.Ordinal);
        using (var q = c.CreateCommand())
        {
            q.CommandText = "SELECT arxiv_id FROM papers";
            using var r = q.ExecuteReader();
            while (r.Read())
            {
                papers.Add(r.GetString(0));
            }
        }

        // A complete source has all its papers; an interrupted one exactly its committed records (here one paper each).
        var possible = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in recorded)
        {
            Assert.True(Expected.TryGetValue(source, out var ids), $"the index records a source it was never given: {source}");
            possible.UnionWith(ids);
            var (complete, done, linked) = links[source];
            if (complete)
            {
                Assert.True(ids.IsSubsetOf(papers), $"{source} is recorded complete but some of its papers are missing");
            }
            else
            {
                Assert.True(linked == done, $"{source} was interrupted after {done} committed records but links {linked} papers");
            }
        }

        Assert.True(papers.IsSubsetOf(possible), "the index holds papers of no recorded source");
        Assert.Equal((long)papers.Count, (long)Scalar(c, $"SELECT count(*) FROM papers_fts WHERE papers_fts MATCH '{marker}'")!);
        return recorded;
    }

    private static object? Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
