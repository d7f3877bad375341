using System.Text.RegularExpressions;

namespace PaperLsp.Cli.Tests;

public sealed class CommandTests
{
    private static CliRun WithCorpus()
    {
        var run = new CliRun();
        run.WriteJsonl("a.jsonl",
            CliRun.Record("2401.00001", "Sparse Mixture of Experts Routing", "We route tokens to experts.", "2024-01-02", "Ada Lovelace", "Alan Turing"),
            CliRun.Record("2401.00002", "Dense Retrieval for Question Answering", "Dual encoders retrieve passages.", "2024-01-03", "Grace Hopper"));
        run.WriteJsonl("b.jsonl",
            CliRun.Record("2401.00001v2", "Sparse Mixture of Experts Routing", "We route tokens to experts, with a longer abstract.", "2024-01-02", "Ada Lovelace", "Alan Turing"),
            CliRun.Record("2402.00003", "Vision Transformers at Scale", "Images as patches.", "2024-02-01"));
        return run;
    }

    [Fact]
    public void Index_then_search_show_export_stats_and_doctor()
    {
        using var run = WithCorpus();
        var index = run.Run("index", run.Corpus);
        Assert.Equal(0, index.Exit);
        Assert.Contains("3 papers in the index", index.Out, StringComparison.Ordinal);

        var search = run.Run("search", "mixture", "of", "experts");
        Assert.Equal(0, search.Exit);
        Assert.Contains("Sparse Mixture of Experts Routing", search.Out, StringComparison.Ordinal);
        Assert.StartsWith("  1. [", search.Out, StringComparison.Ordinal);

        var show = run.Run("show", "arXiv:2401.00001v1");
        Assert.Equal(0, show.Exit);
        Assert.Contains("title:    Sparse Mixture of Experts Routing", show.Out, StringComparison.Ordinal);
        Assert.Contains("with a longer abstract", show.Out, StringComparison.Ordinal);
        Assert.Contains("sources (2):", show.Out, StringComparison.Ordinal);
        Assert.Contains("a.jsonl:1", show.Out, StringComparison.Ordinal);
        Assert.Contains("b.jsonl:1", show.Out, StringComparison.Ordinal);

        var export = run.Run("export", "--bibtex");
        Assert.Equal(0, export.Exit);
        Assert.Equal(3, Regex.Count(export.Out, @"^@\w+\{[^,\s]+,", RegexOptions.Multiline));
        Assert.Equal(export.Out.Count(c => c == '{'), export.Out.Count(c => c == '}'));

        var key = Regex.Match(show.Out, @"^key:\s+(\S+)", RegexOptions.Multiline).Groups[1].Value;
        var one = run.Run("export", "--bibtex", key);
        Assert.Equal(0, one.Exit);
        Assert.Single(Regex.Matches(one.Out, @"^@", RegexOptions.Multiline));
        Assert.Contains("{" + key + ",", one.Out, StringComparison.Ordinal);

        var stats = run.Run("stats");
        Assert.Equal(0, stats.Exit);
        Assert.Matches(@"papers:\s+3\b", stats.Out);
        Assert.Matches(@"sources:\s+2\b", stats.Out);

        var doctor = run.Run("doctor", "--full");
        Assert.Equal(0, doctor.Exit);
        Assert.Matches(@"integrity:\s+ok", doctor.Out);
        Assert.Matches(@"papers:\s+3 from 2 source", doctor.Out);
        Assert.Contains("SQLite:", doctor.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_found_gives_exit_code_1()
    {
        using var run = WithCorpus();
        run.Run("index", run.Corpus);
        var show = run.Run("show", "nosuchkey2099");
        Assert.Equal(1, show.Exit);
        Assert.Contains("no paper with key or id", show.Err, StringComparison.Ordinal);
        var export = run.Run("export", "--bibtex", "2402.00003", "missing-key");
        Assert.Equal(1, export.Exit);
        Assert.Single(Regex.Matches(export.Out, @"^@", RegexOptions.Multiline));
        Assert.Equal(1, run.Run("search", "zzzqqq").Exit);
        Assert.Equal(1, run.Run("search", "x", "--limit", "0").Exit);
    }

    [Theory]
    [InlineData("--completion-weights", "bib=1;bogus=2", "error: unknown completion weight 'bogus' (known: catalog, ")]
    [InlineData("--completion-weights", "bib=high", "error: completion weight 'bib=high': expected name=number")]
    [InlineData("--weights", "lexical=1,rerank", "error: retrieval weight 'rerank': expected name=number")]
    [InlineData("--weights", "vectr=0.2", "error: unknown retrieval weight 'vectr' (known: lexical, vector, rerank, typed, scores, names, namesdepth, k, vectorupto)")]
    public void Eval_names_a_mistyped_weight_in_one_line_before_any_work(string option, string value, string expected)
    {
        using var run = WithCorpus();
        Assert.Equal(0, run.Run("index", run.Corpus).Exit);
        var result = run.Run("eval", "--model", run.Root, "--queries", "none.tsv", option, value);
        Assert.Equal(1, result.Exit);
        var errors = result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToList();
        Assert.StartsWith(expected, Assert.Single(errors), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void Usage_errors_give_exit_code_1()
    {
        using var run = new CliRun();
        Assert.Equal(1, run.Run("index").Exit);
        Assert.Equal(1, run.Run("show").Exit);
        Assert.Equal(1, run.Run("export").Exit);
    }

    [Fact]
    public void Reading_commands_without_an_index_give_exit_code_3()
    {
        using var run = new CliRun();
        var search = run.Run("search", "anything");
        Assert.Equal(3, search.Exit);
        Assert.Contains("paperlsp index", search.Err, StringComparison.Ordinal);
        Assert.Equal(3, run.Run("show", "x").Exit);
        Assert.Equal(3, run.Run("stats").Exit);
        Assert.False(File.Exists(run.DbPath));
        var doctor = run.Run("doctor");
        Assert.Equal(0, doctor.Exit);
        Assert.Contains("not created yet", doctor.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_with_problems_are_reported_with_path_and_line_and_give_exit_code_2()
    {
        using var run = WithCorpus();
        var bad = run.WriteJsonl("c.jsonl", CliRun.Record("2403.00009", "Good Record", "fine"), "{not json", "");
        var index = run.Run("index", run.Corpus);
        Assert.Equal(2, index.Exit);
        Assert.Contains(bad + ":2:", index.Err, StringComparison.Ordinal);
        Assert.Contains("4 papers in the index", index.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_index_is_moved_aside_with_a_warning()
    {
        using var run = WithCorpus();
        File.WriteAllText(run.DbPath, "this is not a database, just some text that happens to be here");
        var index = run.Run("index", run.Corpus);
        Assert.Equal(0, index.Exit);
        Assert.Contains("moved it to", index.Err, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(run.Root, "index.db.corrupt-*"));
        Assert.Equal(0, run.Run("show", "2402.00003").Exit);
    }

    [Fact]
    public void Reindexing_an_unchanged_corpus_skips_every_file()
    {
        using var run = WithCorpus();
        run.Run("index", run.Corpus);
        var again = run.Run("index", run.Corpus);
        Assert.Equal(0, again.Exit);
        Assert.Contains("0 indexed, 2 unchanged", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_writes_a_file_when_asked()
    {
        using var run = WithCorpus();
        run.Run("index", run.Corpus);
        var file = Path.Combine(run.Root, "out.bib");
        var export = run.Run("export", "--bibtex", "--output", file);
        Assert.Equal(0, export.Exit);
        Assert.Equal(3, Regex.Count(File.ReadAllText(file), @"^@", RegexOptions.Multiline));
        Assert.Contains("wrote 3 entries", export.Err, StringComparison.Ordinal);
    }
}
