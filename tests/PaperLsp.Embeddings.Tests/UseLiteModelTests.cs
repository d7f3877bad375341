using System.Security.Cryptography;
using PaperLsp.Embeddings.Models;
using PaperLsp.Embeddings.UseLite;

namespace PaperLsp.Embeddings.Tests;

/// <summary>Behaviour of the real converted model (skipped until scripts/fetch-model.sh has run).</summary>
public sealed class UseLiteModelTests
{
    [SkippableFact]
    public void Conversion_is_deterministic_and_matches_the_manifest()
    {
        var folder = PreparedModel.RequireDirectory();
        Skip.IfNot(Directory.Exists(PreparedModel.SourceDirectory), "models/use-lite-src is absent (run scripts/fetch-model.sh): test skipped");
        var first = UseLiteOnnxConverter.Convert(PreparedModel.SourceDirectory);
        var second = UseLiteOnnxConverter.Convert(PreparedModel.SourceDirectory);
        Assert.Equal(first, second);
        Assert.Equal(ModelManifest.Load(folder).Sha256, Convert.ToHexStringLower(SHA256.HashData(first)));
    }

    [SkippableFact]
    public void Prepare_is_idempotent_and_verify_passes()
    {
        var folder = PreparedModel.RequireDirectory();
        var result = UseLiteModelPreparer.Prepare(PreparedModel.SourceDirectory, folder);
        Assert.False(result.Converted);
        Assert.StartsWith("already prepared and verified", result.Message);
        Assert.StartsWith("verified:", UseLiteModelPreparer.Verify(folder));
    }

    [Fact]
    public void Prepare_from_a_wrong_folder_is_a_clear_error()
    {
        using var dir = new TempDirectory();
        using var output = new TempDirectory();
        var ex = Assert.Throws<ModelFormatException>(() => UseLiteModelPreparer.Prepare(dir.Path, Path.Combine(output.Path, "m")));
        Assert.Contains(UseLiteModelPreparer.PackageName, ex.Message);
    }

    [SkippableFact]
    public void Batched_vectors_equal_one_at_a_time_vectors()
    {
        var embedder = PreparedModel.RequireEmbedder();
        string[] texts =
        [
            "Attention Is All You Need",
            "We propose a new simple network architecture, the Transformer, based solely on attention mechanisms, dispensing with recurrence and convolutions entirely.",
            "BERT",
            "",
            "Scaling test-time compute optimally can be more effective than scaling model parameters",
        ];
        var batched = embedder.Embed(texts);
        for (var i = 0; i < texts.Length; i++)
        {
            var single = embedder.Embed(texts[i]);
            for (var d = 0; d < single.Length; d++)
            {
                Assert.True(Math.Abs(single[d] - batched[i][d]) < 1e-5f, $"text {i} dim {d}: {single[d]} vs {batched[i][d]}");
            }
        }

        Assert.All(batched[3], v => Assert.Equal(0f, v));
    }

    [SkippableFact]
    public void Related_titles_are_closer_than_unrelated_ones()
    {
        var embedder = PreparedModel.RequireEmbedder();
        var v = embedder.Embed([
            "Convolutional neural networks for image classification",
            "Deep residual learning for image recognition",
            "A survey of tax policy in medieval Europe",
        ]);
        static float Dot(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();
        Assert.True(Dot(v[0], v[1]) > Dot(v[0], v[2]) + 0.1f, $"related {Dot(v[0], v[1])}, unrelated {Dot(v[0], v[2])}");
    }

    [SkippableFact]
    public void Long_text_is_truncated_not_rejected()
    {
        var embedder = PreparedModel.RequireEmbedder();
        var longText = string.Join(' ', Enumerable.Repeat("transformer attention scaling laws", 400));
        Assert.Equal(128, embedder.Tokenizer.Encode(longText).Length);
        Assert.Equal(1f, MathF.Sqrt(embedder.Embed(longText).Sum(x => x * x)), 3);
    }
}
