using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;

namespace PaperLsp.Cli.Tests;

/// <summary>
/// The global <c>--index</c> reaches every command that uses an index, before or after the command name; each test
/// points it at an index that is not the default one and checks that the command used it.
/// </summary>
public sealed class GlobalOptionTests
{
    public static TheoryData<bool> Placements => new() { true, false };

    private static CliRun Indexed()
    {
        var run = new CliRun();
        run.WriteJsonl("a.jsonl",
            CliRun.Record("2401.00001", "Sparse Mixture of Experts Routing", "We route tokens to experts.", "2024-01-02", "Ada Lovelace"),
            CliRun.Record("2402.00003", "Vision Transformers at Scale", "Images as patches.", "2024-02-01", "Grace Hopper"));
        Assert.Equal(0, CliRun.RunWithIndex(run.DbPath, "index", run.Corpus).Exit);
        return run;
    }

    /// <summary>Runs <c>paperlsp</c> with <c>--index</c> before the command name, or after it.</summary>
    private static (int Exit, string Out, string Err) RunAt(bool before, string index, string command, params string[] rest) =>
        before
            ? CliRun.RunWithIndex(index, [command, .. rest])
            : CliRun.RunWithIndex(null, [command, "--index", index, .. rest]);

    private static string Elsewhere(CliRun run) => Path.Combine(run.Root, "elsewhere", "other.db");

    [Theory]
    [MemberData(nameof(Placements))]
    public void Index_writes_to_the_given_index(bool before)
    {
        using var run = new CliRun();
        run.WriteJsonl("a.jsonl", CliRun.Record("2401.00001", "Sparse Mixture of Experts Routing", "Experts.", "2024-01-02", "Ada Lovelace"));
        var result = RunAt(before, Elsewhere(run), "index", run.Corpus);
        Assert.Equal(0, result.Exit);
        Assert.Contains("index: " + Elsewhere(run), result.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Elsewhere(run)));
    }

    [Theory]
    [MemberData(nameof(Placements))]
    public void Search_show_export_stats_and_doctor_read_the_given_index(bool before)
    {
        using var run = Indexed();
        Assert.Contains("Sparse Mixture of Experts Routing", RunAt(before, run.DbPath, "search", "mixture", "experts").Out, StringComparison.Ordinal);
        Assert.Contains("Vision Transformers at Scale", RunAt(before, run.DbPath, "show", "2402.00003").Out, StringComparison.Ordinal);
        Assert.Contains("Vision Transformers at Scale", RunAt(before, run.DbPath, "export", "--bibtex").Out, StringComparison.Ordinal);
        Assert.Contains("index:      " + run.DbPath, RunAt(before, run.DbPath, "stats").Out, StringComparison.Ordinal);
        var doctor = RunAt(before, run.DbPath, "doctor");
        Assert.Matches(@"index:\s+" + System.Text.RegularExpressions.Regex.Escape(run.DbPath), doctor.Out);
        Assert.Matches(@"papers:\s+2 from 1 source", doctor.Out);
    }

    [Theory]
    [MemberData(nameof(Placements))]
    public void Every_index_reading_command_names_the_given_index_when_it_is_missing(bool before)
    {
        using var run = new CliRun();
        var missing = Elsewhere(run);
        string[][] commands = [["search", "anything"], ["show", "x"], ["export", "--bibtex"], ["stats"], ["embed", "--model", run.Root], ["eval", "--queries", "none.tsv"]];
        foreach (var command in commands)
        {
            var result = RunAt(before, missing, command[0], command[1..]);
            Assert.True(result.Exit == 3, $"{command[0]}: exit {result.Exit}: {result.Err}");
            Assert.Contains("no index at " + missing, result.Err, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(missing));
    }

    [Theory]
    [MemberData(nameof(Placements))]
    public void Demo_keeps_its_index_at_the_given_path(bool before)
    {
        using var run = new CliRun();
        run.WriteJsonl("a.jsonl", CliRun.Record("2401.00001", "Sparse Mixture of Experts Routing", "Experts route tokens.", "2024-01-02", "Ada Lovelace"));
        var result = RunAt(before, Elsewhere(run), "demo", "--corpus", run.Corpus, "--query", "experts route tokens");
        Assert.True(result.Exit == 0, result.Err);
        using var c = new SqliteConnection($"Data Source={Elsewhere(run)};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM papers";
        Assert.Equal(1L, (long)cmd.ExecuteScalar()!);
    }

    [Theory]
    [MemberData(nameof(Placements))]
    public async Task Serve_opens_the_given_index(bool before)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "paperlsp.dll");
        using var run = Indexed();
        string[] args = before ? ["--index", run.DbPath, "serve"] : ["serve", "--index", run.DbPath];
        using var server = Process.Start(new ProcessStartInfo("dotnet", ["exec", dll, .. args])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["PAPERLSP_INDEX"] = Path.Combine(run.Root, "not-this.db") },
        })!;
        var log = new StringBuilder();
        var mentioned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(e.Data);
            }

            if (e.Data.Contains(run.DbPath, StringComparison.Ordinal))
            {
                mentioned.TrySetResult();
            }
        };
        server.OutputDataReceived += (_, _) => { };
        server.BeginErrorReadLine();
        server.BeginOutputReadLine();
        Send(server, """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{},"initializationOptions":{"paperlsp":{"corpusPaths":[]}}}}""");
        Send(server, """{"jsonrpc":"2.0","method":"initialized","params":{}}""");
        var seen = await Task.WhenAny(mentioned.Task, Task.Delay(TimeSpan.FromSeconds(60))) == mentioned.Task;
        Send(server, """{"jsonrpc":"2.0","id":2,"method":"shutdown"}""");
        Send(server, """{"jsonrpc":"2.0","method":"exit"}""");
        await server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        lock (log)
        {
            Assert.True(seen, "the server never mentioned the given index; its log:\n" + log);
            Assert.DoesNotContain("not-this.db", log.ToString(), StringComparison.Ordinal);
        }
    }

    private static void Send(Process server, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var stream = server.StandardInput.BaseStream;
        stream.Write(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
        stream.Write(body);
        stream.Flush();
    }
}
