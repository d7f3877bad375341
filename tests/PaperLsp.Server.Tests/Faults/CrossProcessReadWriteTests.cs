using System.Diagnostics;
using PaperLsp.Storage;
using Xunit.Abstractions;

namespace PaperLsp.Server.Tests.Faults;

/// <summary>Two processes on one index: one writes (indexes) while the other reads, in both directions.</summary>
public sealed class CrossProcessReadWriteTests(ITestOutputHelper log)
{
    [Fact]
    public async Task This_process_reads_while_a_paperlsp_index_process_writes()
    {
        var dll = await PaperLspExecutable.EnsureBuiltAsync();
        using var corpus = new FaultCorpus();
        const int files = 6;
        const int perFile = 500;
        for (var f = 0; f < files; f++)
        {
            corpus.AddFile(perFile);
        }

        // The reader opens (and so creates) the index before the writer starts, so it is reading from the writer's
        // first moment on (waiting for the writer to create the file raced with a fast writer).
        var counts = new List<int>();
        var searches = 0;
        using (var reader = PaperStore.Open(corpus.DbPath))
        {
            Assert.Null(reader.RecoveryNote);
            using var child = Process.Start(new ProcessStartInfo("dotnet", ["exec", dll, "--index", corpus.DbPath, "index", "--quiet", corpus.Folder])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var childOut = child.StandardOutput.ReadToEndAsync();
            var childErr = child.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            while (!child.HasExited)
            {
                var count = reader.Count();
                var previous = counts.Count == 0 ? 0 : counts[^1];
                Assert.True(count >= previous, $"the paper count went backwards while indexing: {previous} then {count}");
                Assert.Equal(0, count % perFile);
                counts.Add(count);
                var hits = reader.SearchLexical("calibrating widget ensembles", 5);
                Assert.True(count == 0 || hits.Count > 0, "a committed paper was not found by lexical search during indexing");
                searches++;
            }

            await child.WaitForExitAsync(timeout.Token);
            Assert.True(child.ExitCode == 0, $"paperlsp index failed while being read: {await childOut}\n{await childErr}");
            Assert.Equal(files * perFile, reader.Count());
            Assert.NotNull(reader.GetByKey("1501.00000"));
        }

        log.WriteLine($"{searches} read rounds during indexing; counts seen: {string.Join(", ", counts.Distinct())}");
        Assert.True(searches > 0, "the indexer finished before a single read: nothing was tested");
        corpus.Verify();
    }

    [Fact]
    public async Task A_paperlsp_search_process_reads_while_this_process_writes()
    {
        var dll = await PaperLspExecutable.EnsureBuiltAsync();
        using var corpus = new FaultCorpus();
        var first = Path.Combine(corpus.Root, "first");
        corpus.AddFile(300, folder: first);
        var later = Path.Combine(corpus.Root, "later");
        for (var f = 0; f < 4; f++)
        {
            corpus.AddFile(600, folder: later);
        }

        using var store = PaperStore.Open(corpus.DbPath);
        new PaperIndexer(store).Index([first]);
        var writer = Task.Run(() => new PaperIndexer(store).Index([first, later]));
        var searchesDuringWrite = 0;
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            var (exit, output, error) = await RunAsync(dll, "--index", corpus.DbPath, "search", "-n", "3", "calibrating", "widget");
            Assert.True(exit == 0, $"paperlsp search failed while another process wrote: {output}\n{error}");
            Assert.Contains("Calibrating widget ensembles", output, StringComparison.Ordinal);
            searchesDuringWrite += writer.IsCompleted ? 0 : 1;
            log.WriteLine($"search process {round}: {clock.Elapsed.TotalSeconds:F1} s, writer {(writer.IsCompleted ? "done" : "still writing")}");
        }

        var report = await writer;
        Assert.Equal(0, report.ProblemCount);
        Assert.Equal(300 + 4 * 600, store.Count());
        log.WriteLine($"{searchesDuringWrite} of 3 search processes ran while the index was being written");
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
