using PaperLsp.Storage;

namespace PaperLsp.Cli.Tests;

/// <summary><c>embed --first refs.bib --max N</c>: the papers a .bib names (by arXiv id or title) are embedded before the rest, and a run stops after N.</summary>
public sealed class EmbedFirstTests
{
    [Fact]
    public void The_bib_papers_are_embedded_first_and_max_leaves_the_rest_pending()
    {
        using var run = new CliRun();
        run.WriteJsonl(
            "papers.jsonl",
            CliRun.Record("2401.00001", "Graph Networks for Molecules", "We learn molecules with graphs.", "2024-01-01", "Ada Writer"),
            CliRun.Record("2401.00002", "Sparse Attention at Scale", "We make attention sparse.", "2024-01-02", "Bo Reader"),
            CliRun.Record("2401.00003", "Reward Models Revisited", "We revisit reward models.", "2024-01-03", "Cy Critic"),
            CliRun.Record("2401.00004", "Tabular Data with Transformers", "We model tables.", "2024-01-04", "Di Table"));
        Assert.Equal(0, run.Run("index", run.Corpus).Exit);
        var bib = Path.Combine(run.Root, "refs.bib");
        File.WriteAllText(bib, """
            @article{mine2024reward, title = {Reward Models Revisited}, author = {Critic, Cy}, year = {2024}}
            @misc{other2024tables, title = {Some other title}, eprint = {2401.00004}, archivePrefix = {arXiv}, year = {2024}}
            @misc{absent2020, title = {A Paper the Index Lacks Entirely}, year = {2020}}
            """);

        var result = run.Run("embed", "--first", bib, "--max", "2");

        Assert.Equal(0, result.Exit);
        Assert.Contains("2 index papers named by 3 entries of 1 .bib file(s) come first", result.Err, StringComparison.Ordinal);
        Assert.Contains("embedded 2 papers", result.Out, StringComparison.Ordinal);
        using (var store = PaperStore.Open(run.DbPath))
        {
            var model = store.Info().Models.Single();
            Assert.Equal(2, model.VectorCount);
            var pending = store.PendingEmbeddings(model.ModelId).Select(p => p.Text[..p.Text.IndexOf('.', StringComparison.Ordinal)]).Order(StringComparer.Ordinal);
            Assert.Equal(["Graph Networks for Molecules", "Sparse Attention at Scale"], pending);
        }

        var rest = run.Run("embed");
        Assert.Equal(0, rest.Exit);
        Assert.Contains("embedded 2 papers", rest.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_bib_file_is_named_and_nothing_is_embedded()
    {
        using var run = new CliRun();
        run.WriteJsonl("papers.jsonl", CliRun.Record("2401.00001", "Graph Networks for Molecules", "We learn molecules with graphs."));
        Assert.Equal(0, run.Run("index", run.Corpus).Exit);

        var result = run.Run("embed", "--first", Path.Combine(run.Root, "nope.bib"));

        Assert.Equal(1, result.Exit);
        Assert.Contains("error: no such .bib file: ", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("embedded", result.Out, StringComparison.Ordinal);
    }
}
