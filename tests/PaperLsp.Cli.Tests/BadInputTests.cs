using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace PaperLsp.Cli.Tests;

/// <summary>Misuse and bad input are named precisely, in one line, without stack traces or raw binary.</summary>
public sealed class BadInputTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("no-such-file.jsonl")]
    public void Index_with_an_empty_or_missing_path_is_one_line_and_exit_1(string path)
    {
        using var run = new CliRun();
        var result = run.Run("index", path);
        Assert.Equal(1, result.Exit);
        var lines = result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(path.Trim().Length == 0 ? "empty path" : "no such file or folder", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(run.DbPath));
    }

    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task An_unreadable_file_is_reported_as_permission_denied()
    {
        using var run = new CliRun();
        var file = run.WriteJsonl("locked.jsonl", CliRun.Record("2401.00001", "Locked Away", "No access.", "2024-01-02", "Ada Lovelace"));
        File.SetUnixFileMode(file, UnixFileMode.None);
        if (!ReadsWhateverThePermissions(file))
        {
            var result = run.Run("index", file);
            Assert.Equal(2, result.Exit);
            Assert.Contains(file + ":0: cannot read: permission denied", result.Err, StringComparison.Ordinal);
            return;
        }

        // Root reads mode-000 files: run the real CLI as the unprivileged user "nobody" instead (setpriv or runuser).
        var drop = PrivilegeDrop();
        Skip.If(drop is null, "running as root and neither setpriv nor runuser exists: no way to run the CLI without the right to read every file");
        var dll = Path.Combine(AppContext.BaseDirectory, "paperlsp.dll");
        var readable = Directory.GetParent(dll)!.FullName;
        Skip.If(!OthersCanReach(readable), $"the test build folder {readable} is not readable by other users, so an unprivileged CLI cannot start from it");
        var writable = Path.Combine(run.Root, "nobody");
        Directory.CreateDirectory(writable);
        File.SetUnixFileMode(writable, (UnixFileMode)0b111_111_111);
        foreach (var folder in new[] { run.Root, run.Corpus })
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        }

        var db = Path.Combine(writable, "index.db");
        var start = new ProcessStartInfo(drop!.Value.Tool, [.. drop.Value.Args, "dotnet", "exec", dll, "--index", db, "index", file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["HOME"] = writable,
                ["DOTNET_CLI_HOME"] = writable,
                ["DOTNET_NOLOGO"] = "1",
                ["XDG_DATA_HOME"] = writable,
            },
        };
        using var cli = Process.Start(start)!;
        var stdout = cli.StandardOutput.ReadToEndAsync();
        var stderr = cli.StandardError.ReadToEnd();
        Assert.True(cli.WaitForExit(120_000), "the unprivileged CLI did not finish");
        var output = await stdout;
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(cli.ExitCode == 2, $"exit {cli.ExitCode}; stderr: {stderr}; stdout: {output}");
        Assert.Contains(file + ":0: cannot read: permission denied", stderr, StringComparison.Ordinal);
        Assert.Single(lines, l => l.Contains("permission denied", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    private static bool ReadsWhateverThePermissions(string file)
    {
        try
        {
            _ = File.ReadAllBytes(file);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A command prefix that runs the rest as uid/gid 65534 (nobody), or null when none exists here.</summary>
    private static (string Tool, string[] Args)? PrivilegeDrop()
    {
        foreach (var folder in new[] { "/usr/bin", "/bin", "/usr/sbin", "/sbin" })
        {
            if (File.Exists(Path.Combine(folder, "setpriv")))
            {
                return (Path.Combine(folder, "setpriv"), ["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
            }
        }

        foreach (var folder in new[] { "/usr/sbin", "/sbin", "/usr/bin" })
        {
            if (File.Exists(Path.Combine(folder, "runuser")))
            {
                return (Path.Combine(folder, "runuser"), ["-u", "nobody", "--"]);
            }
        }

        return null;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static bool OthersCanReach(string folder)
    {
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
        {
            if ((dir.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void A_record_with_wrong_json_types_is_a_problem_line_not_a_paper()
    {
        using var run = new CliRun();
        var file = run.WriteJsonl("typed.jsonl",
            """{"title": 5, "abstract": "numbers are not titles", "arxiv_id": "2401.00009"}""",
            """{"title": "Venue Of The Wrong Kind", "venue": {"name": "x"}, "arxiv_id": "2401.00010"}""",
            CliRun.Record("2401.00011", "A Proper Record", "Fine.", "2024-01-02", "Ada Lovelace"));
        var result = run.Run("index", file);
        Assert.Equal(2, result.Exit);
        Assert.Contains(file + ":1: Wrong JSON types: \"title\" is a number, expected a string; record skipped", result.Err, StringComparison.Ordinal);
        Assert.Contains(file + ":2: Wrong JSON types: \"venue\" is an object, expected a string; those fields ignored", result.Err, StringComparison.Ordinal);
        Assert.Contains("2 papers in the index", result.Out, StringComparison.Ordinal);
        Assert.Equal(1, run.Run("show", "2401.00009").Exit);
    }

    [Fact]
    public void Binary_bytes_in_a_bad_file_are_never_echoed_raw()
    {
        using var run = new CliRun();
        var random = new Random(7);
        var bytes = new byte[4096];
        random.NextBytes(bytes);
        var bib = Path.Combine(run.Corpus, "noise.bib");
        File.WriteAllBytes(bib, [.. "@article{key,\n  title = {"u8, .. bytes, .. "\n"u8]);
        var result = run.Run("index", bib);
        Assert.NotEqual(0, result.Exit);
        Assert.Contains(bib, result.Err, StringComparison.Ordinal);
        var unsafeChars = result.Err.Where(c => c != '\n' && (char.IsControl(c) || c == '\uFFFD' || char.IsSurrogate(c))).ToList();
        Assert.True(unsafeChars.Count == 0, "raw bytes reached the terminal: " + string.Join(' ', unsafeChars.Select(c => ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Fact]
    public void Doctor_only_reports_a_corrupt_index_and_names_the_repair()
    {
        using var run = new CliRun();
        File.WriteAllText(run.DbPath, "this is not a database, just some text that happens to be here");
        var doctor = run.Run("doctor");
        Assert.Equal(3, doctor.Exit);
        Assert.Contains("UNUSABLE (not a SQLite database)", doctor.Out, StringComparison.Ordinal);
        Assert.Contains("index <paths>' moves it aside", doctor.Out, StringComparison.Ordinal);
        Assert.Equal("this is not a database, just some text that happens to be here", File.ReadAllText(run.DbPath));
        Assert.Empty(Directory.GetFiles(run.Root, "index.db.corrupt-*"));
    }

    [Fact]
    public void Doctor_prints_the_model_and_execution_provider_or_where_it_looked()
    {
        using var run = new CliRun();
        var doctor = run.Run("doctor");
        Assert.Equal(0, doctor.Exit);
        // With the model found: its name, file and the provider a session gets (with the reason); without it: where it looked.
        Assert.Matches(@"(?m)^(model:\s+embedding model '.+' not found .+|execution provider:\s+(CPU|CUDA) \(.+\))$", doctor.Out);
        Assert.Matches(@"(?m)^CUDA runtime:\s+\S.*$", doctor.Out);
    }

    [Fact]
    public void Stats_counts_the_write_ahead_log_in_the_size()
    {
        using var run = new CliRun();
        run.WriteJsonl("a.jsonl", CliRun.Record("2401.00001", "Sparse Mixture of Experts Routing", "Experts.", "2024-01-02", "Ada Lovelace"));
        Assert.Equal(0, run.Run("index", run.Corpus).Exit);
        // A writer that stays connected leaves ~2 MiB in the WAL (below the 4 MiB auto-checkpoint).
        using var writer = new SqliteConnection($"Data Source={run.DbPath};Pooling=False");
        writer.Open();
        using (var cmd = writer.CreateCommand())
        {
            cmd.CommandText = "INSERT INTO meta(key, value) VALUES ('padding', $v)";
            cmd.Parameters.AddWithValue("$v", new string('x', 2 * 1024 * 1024));
            cmd.ExecuteNonQuery();
        }

        var wal = new FileInfo(run.DbPath + "-wal").Length;
        Assert.True(wal > 2 * 1024 * 1024, $"the WAL holds only {wal} bytes");
        var stats = run.Run("stats");
        Assert.Equal(0, stats.Exit);
        var size = System.Text.RegularExpressions.Regex.Match(stats.Out, @"size:\s+([\d.]+) MiB \(database ([\d.]+) MiB \+ WAL ([\d.]+) MiB\)");
        Assert.True(size.Success, stats.Out);
        Assert.True(double.Parse(size.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) >= 2.0, stats.Out);
        // Each of the three figures is rounded to 0.1 MiB on its own, so the parts may add up to the total ± 0.1.
        var total = double.Parse(size.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var parts = double.Parse(size.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) + double.Parse(size.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(total - parts, -0.1001, 0.1001);
    }
}
