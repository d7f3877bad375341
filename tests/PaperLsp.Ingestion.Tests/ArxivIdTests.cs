using PaperLsp.Ingestion.Identity;

namespace PaperLsp.Ingestion.Tests;

public sealed class ArxivIdTests
{
    [Theory]
    [InlineData("2312.17653", "2312.17653", null)]
    [InlineData("2312.17653v2", "2312.17653", 2)]
    [InlineData("arXiv:2312.17653v12", "2312.17653", 12)]
    [InlineData("arxiv: 1706.03762", "1706.03762", null)]
    [InlineData("0704.0001", "0704.0001", null)]
    [InlineData("1412.6980v9", "1412.6980", 9)]
    [InlineData("cs/0112017", "cs/0112017", null)]
    [InlineData("cs/0112017v1", "cs/0112017", 1)]
    [InlineData("math.GT/0309136", "math/0309136", null)]
    [InlineData("hep-th/9901001v3", "hep-th/9901001", 3)]
    [InlineData("https://arxiv.org/abs/2312.17653v2", "2312.17653", 2)]
    [InlineData("http://arxiv.org/abs/2605.08083v1", "2605.08083", 1)]
    [InlineData("https://arxiv.org/pdf/2312.17653.pdf", "2312.17653", null)]
    [InlineData("https://arxiv.org/pdf/2312.17653v3", "2312.17653", 3)]
    [InlineData("arxiv.org/abs/cs/0112017", "cs/0112017", null)]
    [InlineData("https://export.arxiv.org/abs/2407.21783", "2407.21783", null)]
    [InlineData("10.48550/arXiv.2305.18290", "2305.18290", null)]
    [InlineData("https://doi.org/10.48550/arXiv.2305.18290", "2305.18290", null)]
    public void Parses_valid_ids(string text, string expectedId, int? expectedVersion)
    {
        Assert.True(ArxivId.TryParse(text, out var id, out var version));
        Assert.Equal(expectedId, id);
        Assert.Equal(expectedVersion, version);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("2313.17653")]
    [InlineData("2312.1765")]
    [InlineData("2312.176531")]
    [InlineData("1501.1234")]
    [InlineData("1412.12345")]
    [InlineData("cs/011201")]
    [InlineData("see 2312.17653 here")]
    [InlineData("https://example.org/abs/2312.17653")]
    [InlineData("10.18653/v1/2024.findings-naacl.30")]
    public void Rejects_invalid_ids(string? text) => Assert.False(ArxivId.TryParse(text, out _, out _));

    [Theory]
    [InlineData("arXiv preprint arXiv:2305.18290", "2305.18290")]
    [InlineData("arXiv preprint arXiv:2501.09891 (Google DeepMind Technique Report)", "2501.09891")]
    [InlineData("CoRR abs/2305.18290", "2305.18290")]
    [InlineData("https://arxiv.org/abs/2309.06180v1", "2309.06180")]
    [InlineData("CoRR abs/cs/0112017", "cs/0112017")]
    [InlineData("pages 2023.12345", null)]
    public void Finds_ids_in_free_text(string text, string? expected)
    {
        var found = ArxivId.TryFind(text, out var id, out _);
        Assert.Equal(expected is not null, found);
        if (expected is not null)
        {
            Assert.Equal(expected, id);
        }
    }
}
