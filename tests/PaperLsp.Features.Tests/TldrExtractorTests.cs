using PaperLsp.Features.Hover;

namespace PaperLsp.Features.Tests;

public sealed class TldrExtractorTests
{
    [Theory]
    [InlineData(
        "Large language models have shown remarkable abilities. However, they struggle with long contexts. We propose LongNet, a sparse attention scheme that scales to 1B tokens.",
        "We propose LongNet, a sparse attention scheme that scales to 1B tokens.")]
    [InlineData(
        "Retrieval is widely used. In this work, we introduce RAGGED, a framework for analysing retrieval. RAGGED improves accuracy by 12% on NQ.",
        "In this work, we introduce RAGGED, a framework for analysing retrieval. RAGGED improves accuracy by 12% on NQ.")]
    [InlineData(
        "Sequence models are everywhere. They are used for translation.",
        "Sequence models are everywhere.")]
    [InlineData(
        "Our method, Foo, outperforms GPT-4 by 3.5 points on GSM8K. Recent models have been improving.",
        "Our method, Foo, outperforms GPT-4 by 3.5 points on GSM8K.")]
    [InlineData("A single sentence without a period", "A single sentence without a period")]
    [InlineData("", "")]
    [InlineData("   \n ", "")]
    public void ExtractsContributionSentences(string abstractText, string expected) =>
        Assert.Equal(expected, TldrExtractor.Extract(abstractText));

    [Fact]
    public void KeepsLongAbstractsBounded()
    {
        var sentence = "We propose " + string.Join(' ', Enumerable.Repeat("a very long method name", 60)) + ".";
        var tldr = TldrExtractor.Extract(sentence, maxChars: 200);
        Assert.True(tldr.Length <= 200);
        Assert.EndsWith("…", tldr, StringComparison.Ordinal);
    }
}
