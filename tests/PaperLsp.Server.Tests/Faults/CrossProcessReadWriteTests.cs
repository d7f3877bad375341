using System.Diagnostics;
using PaperLsp.Storage;
using Xunit.Abstractions;

namespace PaperLsp.Server.Tests.Faults;

/// <summary>Two processes on one index: one writes (indexes) while the other reads, in both directions.</summary>
public sealed class CrossProcessReadWriteTests(ITestOutputHelper log)
{
    private const int ReaderCalls = 200;

    /// <summary>
    /// A <c>paperlsp index</c> process writes (restarted on new files until the reads are done) while this process makes
    /// 200 reader calls that count, search and look up papers (every tenth after opening the index anew). None may fail with a lock error and none may take a
    /// second: a reader that waited for the writer's lock would (SQLite waits up to 60 s). The writer runs at a lower
    /// CPU priority so that the bound measures locking, not the scheduler of a busy machine.
    /// </summary>
    [Fact]
    public async Task Readers_in_another_process_never_wait_for_a_writing_paperlsp_index()
    {
        var dll = await PaperLspExecutable.EnsureBuiltAsync();
        using var corpus = new FaultCorpus();
        corpus.AddFile(4000);
        using (var first = PaperStore.Open(corpus.DbPath))
        {
            new PaperIndexer(first).Index([corpus.Folder]);
        }

        var latencies = new List<double>();
        var opens = new List<double>();
        var lockErrors = new List<string>();
        var previous = 0;
        var writerRuns = 0;
        Process? writer = null;
        PaperStore? reader = null;
        try
        {
            while (latencies.Count < ReaderCalls)
            {
                if (writer is null || writer.HasExited)
                {
                    if (writer is not null)
                    {
                        Assert.Equal(0, writer.ExitCode);
                        writer.Dispose();
                    }

                    corpus.AddFile(6000);
                    writer = StartWriter(dll, corpus);
                    writerRuns++;
                }

                var clock = new Stopwatch();
                try
                {
                    // Every tenth call opens the index anew: opening must not fail on the writer's lock either (that it
                    // never waits for it is shown exactly by the Storage tests; its time here is mostly quick_check).
                    if (latencies.Count % 10 == 0 || reader is null)
                    {
                        var opening = Stopwatch.StartNew();
                        reader?.Dispose();
                        reader = PaperStore.Open(corpus.DbPath, createIfMissing: false);
                        opens.Add(opening.Elapsed.TotalMilliseconds);
                    }

                    clock.Start();
                    var count = reader.Count();
                    var hits = reader.SearchLexical("calibrating widget ensembles", 5);
                    var paper = reader.GetByKey("1501.00007");
                    clock.Stop();
                    Assert.True(count >= previous, $"the paper count went backwards while indexing: {previous} then {count}");
                    Assert.NotEmpty(hits);
                    Assert.NotNull(paper);
                    previous = count;
                }
                catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or PaperStoreException)
                {
                    lockErrors.Add(e.Message);
                    clock.Stop();
                }

                if (!writer.HasExited)
                {
                    latencies.Add(clock.Elapsed.TotalMilliseconds);
                }
            }
        }
        finally
        {
            reader?.Dispose();
            if (writer is { HasExited: false })
            {
                writer.Kill(entireProcessTree: true);
                await writer.WaitForExitAsync();
            }

            writer?.Dispose();
        }

        latencies.Sort();
        log.WriteLine($"{latencies.Count} reader calls during {writerRuns} writer run(s): median {latencies[latencies.Count / 2]:F0} ms, p99 {latencies[latencies.Count * 99 / 100]:F0} ms, max {latencies[^1]:F0} ms; {opens.Count} opens, slowest {opens.Max():F0} ms; load {File.ReadAllText("/proc/loadavg").Trim()}");
        Assert.Empty(lockErrors);
        Assert.True(latencies[^1] < 1000, $"a reader call took {latencies[^1]:F0} ms while the index was written");
    }

    private static Process StartWriter(string dll, FaultCorpus corpus)
    {
        var writer = Process.Start(new ProcessStartInfo("dotnet", ["exec", dll, "--index", corpus.DbPath, "index", "--quiet", corpus.Folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        writer.OutputDataReceived += (_, _) => { };
        writer.ErrorDataReceived += (_, _) => { };
        writer.BeginOutputReadLine();
        writer.BeginErrorReadLine();
        try
        {
            writer.PriorityClass = ProcessPriorityClass.BelowNormal;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // exited already, or not permitted: it then competes for the CPU as an equal
        }

        return writer;
    }

    /// <summary>
    /// <c>paperlsp search</c> processes run while this process is in the middle of an index run (held at a committed
    /// chunk by an event, so the overlap is certain) and while another connection holds the write lock with an
    /// uncommitted change: each answers from the last committed state, never failing, never seeing the uncommitted row.
    /// </summary>
    [Fact]
    public async Task A_paperlsp_search_process_reads_while_this_process_writes()
    {
        var dll = await PaperLspExecutable.EnsureBuiltAsync();
        using var corpus = new FaultCorpus();
        var first = Path.Combine(corpus.Root, "first");
        corpus.AddFile(300, folder: first);
        var later = Path.Combine(corpus.Root, "later");
        corpus.AddFile(3000, folder: later);

        using var store = PaperStore.Open(corpus.DbPath);
        new PaperIndexer(store).Index([first]);
        using var paused = new SemaphoreSlim(0);
        using var resume = new SemaphoreSlim(0);
        var writer = Task.Run(() => new PaperIndexer(store) { Chunks = new ChunkLimits(1000, TimeSpan.FromHours(1)) }.Index([first, later], p =>
        {
            if (p.Committed == 1000)
            {
                paused.Release();
                resume.Wait();
            }
        }));
        Assert.True(await paused.WaitAsync(TimeSpan.FromMinutes(3)), "the index run never committed its first chunk");

        // The index run is mid-source; another writer now holds the write lock with an uncommitted change.
        using var locker = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={corpus.DbPath};Pooling=False");
        locker.Open();
        using (var tx = locker.BeginTransaction(deferred: false))
        {
            using (var cmd = locker.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "UPDATE papers SET title = 'Uncommitted widget title' WHERE arxiv_id = '1501.00001'";
                Assert.Equal(1, cmd.ExecuteNonQuery());
            }

            for (var round = 0; round < 3; round++)
            {
                var clock = Stopwatch.StartNew();
                var (exit, output, error) = await RunAsync(dll, "--index", corpus.DbPath, "search", "-n", "3", "calibrating", "widget");
                Assert.True(exit == 0, $"paperlsp search failed while another process wrote: {output}\n{error}");
                Assert.Contains("Calibrating widget ensembles", output, StringComparison.Ordinal);
                Assert.DoesNotContain("Uncommitted", output, StringComparison.Ordinal);
                log.WriteLine($"search process {round}: {clock.Elapsed.TotalSeconds:F1} s during an index run and a held write lock");
            }

            Assert.False(writer.IsCompleted);
            tx.Rollback();
        }

        resume.Release();
        var report = await writer.WaitAsync(TimeSpan.FromMinutes(3));
        Assert.Equal(0, report.ProblemCount);
        Assert.Equal(300 + 3000, store.Count());
        corpus.Verify();
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string dll, params string[] args)
    {
        using var child = Process.Start(new ProcessStartInfo("dotnet", ["exec", dll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = child.StandardOutput.ReadToEndAsync();
        var error = child.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await child.WaitForExitAsync(timeout.Token);
        return (child.ExitCode, await output, await error);
    }
}
