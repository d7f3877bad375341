using System.Diagnostics;
using PaperLsp.Storage;
using Xunit.Abstractions;

namespace PaperLsp.Server.Tests.Faults;

/// <summary>
/// kill -9 of a real <c>paperlsp index</c> process at random points, many times, while the corpus keeps growing and
/// shrinking: after every kill the index opens without recovery, passes <c>PRAGMA integrity_check</c>, holds exactly
/// the papers of the sources it recorded, and still holds every source committed before the kill.
/// </summary>
public sealed class IndexerKillTests(ITestOutputHelper log)
{
    private const int Iterations = 10;
    private const int RecordsPerFile = 300;

    [Fact]
    public async Task Killing_the_indexer_at_random_points_never_loses_or_half_writes_a_source()
    {
        var dll = await PaperLspExecutable.EnsureBuiltAsync();
        using var corpus = new FaultCorpus();
        for (var f = 0; f < 4; f++)
        {
            corpus.AddFile(RecordsPerFile);
        }

        // An uninterrupted first run measures how long a file takes here, so kills land mid-run on fast and slow machines.
        var perFileMs = (await RunAndKillAsync(dll, corpus, killAfterMs: null)).Elapsed.TotalMilliseconds / 4;
        var committed = corpus.Verify();
        Assert.Equal(4, committed.Count);
        var random = new Random(20261123);
        var kills = 0;
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            // New work every round (two new files), and every third round an old file disappears (a removal to commit).
            corpus.AddFile(RecordsPerFile);
            corpus.AddFile(RecordsPerFile);
            string? deleted = null;
            if (iteration % 3 == 2)
            {
                deleted = Directory.GetFiles(corpus.Folder).Order(StringComparer.Ordinal).First();
                File.Delete(deleted);
            }

            var delayMs = random.Next(0, (int)Math.Max(50, perFileMs * 1.8));
            var (killed, _) = await RunAndKillAsync(dll, corpus, delayMs);
            kills += killed ? 1 : 0;

            var recorded = corpus.Verify();
            using (var store = PaperStore.Open(corpus.DbPath, createIfMissing: false))
            {
                Assert.Null(store.RecoveryNote);
            }

            var lost = committed.Where(s => s != deleted && !recorded.Contains(s)).ToList();
            Assert.True(lost.Count == 0, $"iteration {iteration}: sources committed before the kill are gone: {string.Join(", ", lost)}");
            log.WriteLine($"iteration {iteration}: {(killed ? "killed" : "finished")} after {delayMs} ms; {recorded.Count} sources recorded");
            committed = recorded;
        }

        // An uninterrupted run completes the index: exactly the files on disk.
        await RunAndKillAsync(dll, corpus, killAfterMs: null);
        var final = corpus.Verify();
        Assert.True(final.SetEquals(Directory.GetFiles(corpus.Folder).Select(Path.GetFullPath)), "the final index does not hold exactly the files on disk");
        log.WriteLine($"{kills}/{Iterations} runs were killed mid-run (a file took {perFileMs:F0} ms uninterrupted)");
        Assert.True(kills >= 3, $"only {kills} of {Iterations} runs were killed before finishing: the test did not exercise kills");
    }

    /// <summary>
    /// Runs the indexer; once it reports its first source, waits <paramref name="killAfterMs"/> and kills it (SIGKILL).
    /// Returns whether it was killed and the time from its first report to its end.
    /// </summary>
    private static async Task<(bool Killed, TimeSpan Elapsed)> RunAndKillAsync(string dll, FaultCorpus corpus, int? killAfterMs)
    {
        var start = new ProcessStartInfo("dotnet", ["exec", dll, "--index", corpus.DbPath, "index", corpus.Folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var child = Process.Start(start)!;
        var clock = new Stopwatch();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Progress lines ("[n/N] path") go to stderr as each source starts.
        child.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && e.Data.StartsWith('['))
            {
                if (started.TrySetResult())
                {
                    clock.Start();
                }
            }
        };
        child.OutputDataReceived += (_, _) => { };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        if (killAfterMs is null)
        {
            await child.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, child.ExitCode);
            return (false, clock.Elapsed);
        }

        await Task.WhenAny(started.Task, child.WaitForExitAsync(timeout.Token));
        await Task.Delay(killAfterMs.Value);
        var killed = !child.HasExited;
        if (killed)
        {
            child.Kill(entireProcessTree: true);
        }

        await child.WaitForExitAsync(timeout.Token);
        return (killed, clock.Elapsed);
    }
}
