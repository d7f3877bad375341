using PaperLsp.Cli.Catalog;
using PaperLsp.TestSupport;

namespace PaperLsp.Cli.Tests;

public sealed class DemoTests
{
    [Fact]
    public void Demo_indexes_the_sample_corpus_into_a_temporary_index_and_searches_it()
    {
        var corpus = Path.Combine(SharedData.RepoRoot, "samples", "corpus");
        Assert.True(Directory.Exists(corpus), "samples/corpus is part of the repository");
        var (exit, output, error) = CliRun.RunWithIndex(null, "demo", "--corpus", corpus);
        Assert.True(exit == 0, error);
        Assert.Contains(": \"" + DemoCommand.SampleSentence + "\"", output, StringComparison.Ordinal);
        Assert.Contains("== completion at the cursor", output, StringComparison.Ordinal);
        Assert.Contains("== hover on \\cite{", output, StringComparison.Ordinal);
        Assert.Contains("**TL;DR:**", output, StringComparison.Ordinal);
        Assert.Contains("5 source file(s): 5 indexed", output, StringComparison.Ordinal);
        var search = output[output.IndexOf("== search", StringComparison.Ordinal)..];
        Assert.StartsWith("  1. [", search.Split('\n')[1], StringComparison.Ordinal);
        Assert.Contains("Revisiting the Last-Iterate Convergence of Stochastic Gradient Methods", search.Split('\n')[1], StringComparison.Ordinal);
        Assert.Contains("== export --bibtex", output, StringComparison.Ordinal);
    }
}
