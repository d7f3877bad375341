namespace PaperLsp.Cli.Tests;

/// <summary>
/// Citation keys as a user meets them on the command line: author-less records get readable, distinct keys from the
/// key pattern; <c>index --key-pattern</c> (or $PAPERLSP_KEY_PATTERN) re-keys the generated keys once and is remembered;
/// a bad pattern is one line and exit 1; BibTeX carries the arXiv primaryClass where a source names it.
/// </summary>
public sealed class CitationKeyCommandTests
{
    private static string AuthorLess(string arxivId, string title, string? categories = null) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["arxiv_id"] = arxivId,
            ["title"] = title,
            ["abstract"] = "An abstract.",
            ["authors"] = Array.Empty<string>(),
            ["date"] = "",
            ["categories"] = categories,
        });

    private static CliRun Indexed(out string file)
    {
        var run = new CliRun();
        file = run.WriteJsonl(
            "listing.jsonl",
            AuthorLess("2410.00001", "Large Language Models Can Plan", "cs.CL cs.AI"),
            AuthorLess("2410.00002", "Large Language Models Can Plan"),
            AuthorLess("2410.00003", "Large Language Models Cannot Self-Correct Reasoning Yet"),
            CliRun.Record("2401.00009", "Attention Heads Everywhere", "Heads.", "2024-01-05", "Ada Lovelace"));
        return run;
    }

    [Fact]
    public void Author_less_records_get_title_words_and_the_arxiv_year_in_show_and_export()
    {
        using var run = Indexed(out _);
        Assert.Equal(0, run.Run("index", run.Corpus).Exit);
        var show = run.Run("show", "2410.00001");
        Assert.Equal(0, show.Exit);
        Assert.Contains("largelanguagemodels2024", show.Out, StringComparison.Ordinal);
        var export = run.Run("export", "--bibtex");
        Assert.Equal(0, export.Exit);
        Assert.Contains("@article{largelanguagemodels2024,", export.Out, StringComparison.Ordinal);
        Assert.Contains("@article{largelanguagemodels2024a,", export.Out, StringComparison.Ordinal);
        Assert.Contains("@article{largelanguagemodels2024b,", export.Out, StringComparison.Ordinal);
        Assert.Contains("@article{lovelace2024attention,", export.Out, StringComparison.Ordinal);
        var first = Entry(export.Out, "largelanguagemodels2024");
        Assert.Contains("primaryClass", first, StringComparison.Ordinal);
        Assert.Contains("{cs.CL}", first, StringComparison.Ordinal);
        Assert.DoesNotContain("primaryClass", Entry(export.Out, "largelanguagemodels2024a"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_key_pattern_rekeys_generated_keys_once_and_is_remembered()
    {
        using var run = Indexed(out var file);
        Assert.Equal(0, run.Run("index", run.Corpus).Exit);
        var rekey = run.Run("index", "--key-pattern", "[auth][year] | [shorttitle:2]_[year]", run.Corpus);
        Assert.Equal(0, rekey.Exit);
        Assert.Contains("4 key(s) changed", rekey.Out, StringComparison.Ordinal);
        var export = run.Run("export", "--bibtex").Out;
        Assert.Contains("@article{largelanguage_2024,", export, StringComparison.Ordinal);
        Assert.Contains("@article{largelanguage_2024a,", export, StringComparison.Ordinal);
        Assert.Contains("@article{lovelace2024,", export, StringComparison.Ordinal);
        Assert.Contains("@article{lovelace2024,", run.Run("export", "--bibtex", "2401.00009").Out, StringComparison.Ordinal);

        // Remembered: a later run without the option keeps the keys and new papers get the same pattern.
        File.AppendAllLines(file, [AuthorLess("2411.00004", "Small Models Reason Too")]);
        var again = run.Run("index", run.Corpus);
        Assert.Equal(0, again.Exit);
        Assert.DoesNotContain("key(s) changed", again.Out, StringComparison.Ordinal);
        Assert.Contains("smallmodels_2024", run.Run("show", "2411.00004").Out, StringComparison.Ordinal);
        Assert.Contains("@article{lovelace2024,", run.Run("export", "--bibtex").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_from_a_bib_file_never_change_with_the_pattern()
    {
        using var run = new CliRun();
        File.WriteAllText(Path.Combine(run.Corpus, "refs.bib"), "@article{myOwnKey,\n  title = {Attention Is All You Need},\n  author = {Vaswani, Ashish},\n  year = {2017}\n}\n");
        Assert.Equal(0, run.Run("index", run.Corpus).Exit);
        var rekey = run.Run("index", "--key-pattern", "[shorttitle:1][year]", run.Corpus);
        Assert.Equal(0, rekey.Exit);
        Assert.Contains("@article{myOwnKey,", run.Run("export", "--bibtex").Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[title][year]", "unknown field [title]")]
    [InlineData("[auth", "unclosed '['")]
    public void A_bad_key_pattern_is_one_line_and_exit_1(string pattern, string expected)
    {
        using var run = Indexed(out _);
        var result = run.Run("index", "--key-pattern", pattern, run.Corpus);
        Assert.Equal(1, result.Exit);
        var line = Assert.Single(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.False(File.Exists(run.DbPath));
    }

    private static string Entry(string bibtex, string key)
    {
        var start = bibtex.IndexOf("{" + key + ",", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no entry {key} in:\n{bibtex}");
        var end = bibtex.IndexOf("\n}", start, StringComparison.Ordinal);
        return bibtex[start..end];
    }
}
