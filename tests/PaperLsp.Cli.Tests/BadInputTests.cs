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
    public void An_unreadable_file_is_reported_as_permission_denied()
    {
        using var run = new CliRun();
        var file = run.WriteJsonl("locked.jsonl", CliRun.Record("2401.00001", "Locked Away", "No access.", "2024-01-02", "Ada Lovelace"));
        File.SetUnixFileMode(file, UnixFileMode.None);
        var privileged = true;
        try
        {
            _ = File.ReadAllBytes(file);
        }
        catch (UnauthorizedAccessException)
        {
            privileged = false;
        }

        Skip.If(privileged, "this process reads files whatever their permissions (root): a permission-denied case cannot be made here");
        var result = run.Run("index", file);
        Assert.Equal(2, result.Exit);
        Assert.Contains(file + ":0: cannot read: permission denied", result.Err, StringComparison.Ordinal);
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
        Assert.Equal(
            double.Parse(size.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            double.Parse(size.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) + double.Parse(size.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture),
            precision: 1);
    }
}
