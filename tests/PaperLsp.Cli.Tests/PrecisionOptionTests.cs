namespace PaperLsp.Cli.Tests;

/// <summary><c>--precision</c>: int8 vectors get their own model id; a query-only int8 model never embeds papers.</summary>
public sealed class PrecisionOptionTests
{
    [Fact]
    public void Embed_refuses_the_query_only_precision_in_one_line()
    {
        using var run = new CliRun();
        Assert.Equal(0, run.Run("index", run.Corpus).Exit);

        var result = run.Run("embed", "--precision", "int8-queries");

        Assert.Equal(1, result.Exit);
        Assert.Contains("error: --precision int8-queries embeds queries only", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("embedded", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_precision_is_named()
    {
        using var run = new CliRun();
        Assert.Equal(0, run.Run("index", run.Corpus).Exit);

        var result = run.Run("embed", "--precision", "int4");

        Assert.NotEqual(0, result.Exit);
        Assert.Contains("unknown --precision 'int4'", result.Err, StringComparison.Ordinal);
    }
}
