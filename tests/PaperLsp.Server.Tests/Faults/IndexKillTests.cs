using System.Diagnostics;
using System.Globalization;
using PaperLsp.Storage;
using Xunit.Abstractions;

namespace PaperLsp.Server.Tests.Faults;

/// <summary>
/// The kill suite: kill -9 of a real <c>paperlsp index</c> process while it works, several times. A kill is sent only
/// after the run printed that it committed a chunk (evidence of work in progress), and must land (the process was still
/// running and died of the signal). After every kill the index passes <c>PRAGMA integrity_check</c>, keeps every paper
/// committed before and the records the run reported committed; the run after it resumes instead of starting over,
/// and the final index is identical to one built without interruption. (The long version over the 237k corpus is the
/// <c>kill</c> benchmark.)
/// </summary>
public sealed class IndexKillTests(ITestOutputHelper log)
{
    private const int Kills = 5;

    [Fact]
    public async Task Killed_runs_resume_and_end_with_the_index_an_uninterrupted_run_builds()
    {
        var dll = await PaperLspExecutable.EnsureBuiltAsync();
        using var corpus = new FaultCorpus();
        corpus.AddFile(9000);
        corpus.AddFile(9000);
        var random = new Random(20261201);
        var landed = 0;
        var resumedRuns = 0;
        var before = new HashSet<long>();
        for (var attempt = 0; landed < Kills; attempt++)
        {
            Assert.True(attempt < Kills * 4, $"only {landed} of {Kills} kills landed in {attempt} runs: the runs finish before a chunk is committed");
            var killAfterCommits = random.Next(1, 3);
            var run = await RunAsync(dll, corpus.DbPath, corpus.Folder, killAfterCommits);
            resumedRuns += run.Resumed ? 1 : 0;
            if (!run.Killed)
            {
                // Finished before its kill came: start again from a fresh index (nothing was tested by this run).
                File.Delete(corpus.DbPath);
                before.Clear();
                continue;
            }

            landed++;

            // Opening the index (as the server, the CLI or the next run does) puts the killed run's papers in the
            // full-text index when that run was building it aside; Verify checks every committed paper is found.
            using var store = PaperStore.Open(corpus.DbPath, createIfMissing: false);
            Assert.Null(store.RecoveryNote);
            corpus.Verify();
            var now = store.AllIds().ToHashSet();
            Assert.True(before.IsSubsetOf(now), $"kill {landed}: papers committed before this run are gone");
            var current = store.Sources().Single(s => s.Path == run.LastCommittedPath);
            Assert.True(current.Complete || current.RecordsDone >= run.LastCommitted, $"kill {landed}: the run reported {run.LastCommitted} records of {run.LastCommittedPath} committed; the index records {current.RecordsDone}");
            log.WriteLine($"kill {landed} after {run.Commits} commit(s) of this run: {now.Count} papers, {Path.GetFileName(current.Path)} at {current.RecordsDone} records{(run.Resumed ? " (the run had resumed)" : "")}");
            before = now;
        }

        var final = await RunAsync(dll, corpus.DbPath, corpus.Folder, killAfterCommits: null);
        Assert.False(final.Killed);
        var cleanPath = Path.Combine(corpus.Root, "clean.db");
        using (var clean = PaperStore.Open(cleanPath))
        using (var resumed = PaperStore.Open(corpus.DbPath, createIfMissing: false))
        {
            new PaperIndexer(clean).Index([corpus.Folder]);
            Assert.Equal(clean.ContentDigest(), resumed.ContentDigest());
            Assert.Equal(18000, resumed.Count());
        }

        Assert.True(resumedRuns > 0, "no run resumed an interrupted source");
        corpus.Verify();
    }

    private sealed record IndexRun(bool Killed, bool Resumed, int Commits, string? LastCommittedPath, long LastCommitted);

    /// <summary>Runs the indexer; with <paramref name="killAfterCommits"/>, kills it (SIGKILL) as soon as it has printed that many "committed" lines.</summary>
    private static async Task<IndexRun> RunAsync(string dll, string db, string folder, int? killAfterCommits)
    {
        using var child = Process.Start(new ProcessStartInfo("dotnet", ["exec", dll, "--index", db, "index", folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new object();
        string? currentPath = null;
        string? committedPath = null;
        long committed = 0;
        var commits = 0;
        var resumed = false;
        child.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            lock (gate)
            {
                if (line.StartsWith('[') && line.IndexOf("] ", StringComparison.Ordinal) is var cut and > 0)
                {
                    currentPath = line[(cut + 2)..];
                }
                else if (line.TrimStart().StartsWith("resuming", StringComparison.Ordinal))
                {
                    resumed = true;
                }
                else if (line.TrimStart().StartsWith("committed ", StringComparison.Ordinal))
                {
                    committed = long.Parse(line.TrimStart()["committed ".Length..].Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
                    committedPath = currentPath;
                    commits++;
                    if (commits == killAfterCommits)
                    {
                        enough.TrySetResult();
                    }
                }
            }
        };
        child.OutputDataReceived += (_, _) => { };
        child.BeginErrorReadLine();
        child.BeginOutputReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var exited = child.WaitForExitAsync(timeout.Token);
        var killed = false;
        if (killAfterCommits is not null && await Task.WhenAny(enough.Task, exited) == enough.Task && !child.HasExited)
        {
            child.Kill(entireProcessTree: true);
            killed = true;
        }

        await child.WaitForExitAsync(timeout.Token);
        if (killed)
        {
            // The kill landed only if the process died of it (128 + SIGKILL), not by finishing in the meantime.
            killed = child.ExitCode == 137;
        }
        else
        {
            Assert.Equal(0, child.ExitCode);
        }

        lock (gate)
        {
            return new IndexRun(killed, resumed, commits, committedPath, committed);
        }
    }
}
