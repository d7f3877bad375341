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
        Assert.Contains("== search: \"" + DemoCommand.SampleSentence + "\"", output, StringComparison.Ordinal);
        Assert.Contains("5 source file(s): 5 indexed", output, StringComparison.Ordinal);
        Assert.Contains("Revisiting the Last-Iterate Convergence of Stochastic Gradient Methods", output, StringComparison.Ordinal);
        Assert.Contains("== export --bibtex", output, StringComparison.Ordinal);
    }
}
