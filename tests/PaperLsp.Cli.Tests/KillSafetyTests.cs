using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace PaperLsp.Cli.Tests;

/// <summary>
/// Kills a child <c>paperlsp index</c> process at random points; after every kill the index must pass
/// <c>PRAGMA integrity_check</c> and every source it recorded must have all of its papers (nothing half-written,
/// nothing committed lost). A final uninterrupted run completes the index.
/// </summary>
public sealed class KillSafetyTests(ITestOutputHelper log)
{
    private const int Files = 10;
    private const int RecordsPerFile = 1200;

    [Fact]
    public void Killing_the_indexer_mid_run_leaves_a_consistent_index()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "paperlsp.dll");
        Assert.True(File.Exists(dll), "paperlsp.dll is not beside the tests");
        using var run = new CliRun();
        var expected = new Dictionary<string, HashSet<string>>();
        for (var f = 0; f < Files; f++)
        {
            var ids = new HashSet<string>();
            var lines = new List<string>();
            for (var i = 0; i < RecordsPerFile; i++)
            {
                var id = $"23{f + 1:D2}.{i:D5}";
                ids.Add(id);
                lines.Add(CliRun.Record(id, $"Study {f}-{i} of robust widget calibration", string.Join(' ', Enumerable.Repeat($"abstract words for record {i} in file {f} about widgets", 6)), "2023-05-01", $"Author{i % 97} Family{f}"));
            }

            expected[run.WriteJsonl($"part{f:D2}.jsonl", [.. lines])] = ids;
        }

        var random = new Random(12345);
        var committedBefore = 0L;
        for (var attempt = 0; attempt < 4; attempt++)
        {
            bool killed;
            using (var child = Process.Start(new ProcessStartInfo("dotnet", ["exec", dll, "--index", run.DbPath, "index", "--quiet", run.Corpus])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!)
            {
                // Wait until the child has created the index, then a random while longer, then kill -9.
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (!File.Exists(run.DbPath) && !child.HasExited && DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(20);
                }

                Thread.Sleep(random.Next(100, 2500));
                killed = !child.HasExited;
                if (killed)
                {
                    child.Kill(entireProcessTree: true);
                }

                child.WaitForExit();
            }

            var committed = Verify(run.DbPath, expected);
            log.WriteLine($"attempt {attempt}: {(killed ? "killed" : "finished")} with {committed}/{Files} sources committed");
            Assert.True(committed >= committedBefore, $"attempt {attempt}: {committed} committed sources, fewer than the {committedBefore} before");
            committedBefore = committed;
        }

        var final = CliRun.RunWithIndex(run.DbPath, "index", "--quiet", run.Corpus);
        Assert.Equal(0, final.Exit);
        Assert.Equal(Files, Verify(run.DbPath, expected));
        Assert.Contains($"{Files * RecordsPerFile:N0} papers in the index", final.Out, StringComparison.Ordinal);
    }

    /// <summary>Checks integrity and that each recorded source has all its papers; returns the number of recorded sources.</summary>
    private static long Verify(string db, Dictionary<string, HashSet<string>> expected)
    {
        if (!File.Exists(db))
        {
            return 0;
        }

        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        c.Open();
        using (var check = c.CreateCommand())
        {
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", check.ExecuteScalar());
        }

        using (var tables = c.CreateCommand())
        {
            tables.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'sources'";
            if ((long)tables.ExecuteScalar()! == 0)
            {
                return 0;
            }
        }

        var sources = new List<string>();
        using (var q = c.CreateCommand())
        {
            q.CommandText = "SELECT path FROM sources";
            using var r = q.ExecuteReader();
            while (r.Read())
            {
                sources.Add(r.GetString(0));
            }
        }

        var papers = new HashSet<string>();
        using (var q = c.CreateCommand())
        {
            q.CommandText = "SELECT arxiv_id FROM papers";
            using var r = q.ExecuteReader();
            while (r.Read())
            {
                papers.Add(r.GetString(0));
            }
        }

        var expectedPapers = sources.Sum(s => expected[s].Count);
        Assert.Equal(expectedPapers, papers.Count);
        foreach (var source in sources)
        {
            Assert.Subset(papers, expected[source]);
        }

        using var fts = c.CreateCommand();
        fts.CommandText = "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH 'widget'";
        Assert.Equal((long)expectedPapers, (long)fts.ExecuteScalar()!);
        return sources.Count;
    }
}
