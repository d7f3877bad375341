using System.Numerics.Tensors;
using PaperLsp.Embeddings.Models;
using PaperLsp.Embeddings.Quantization;

namespace PaperLsp.Embeddings.Tests;

/// <summary>arctic-embed-xs with its MatMul weights quantized to int8 by PaperLsp (skipped when the package is not restored).</summary>
public sealed class ArcticInt8Tests
{
    private static readonly string[] Texts =
    [
        "Attention Is All You Need. We propose a new network architecture based solely on attention mechanisms, dispensing with recurrence and convolutions.",
        "Agents can improve across trials by writing verbal reflections on their failures into memory",
        "Direct Preference Optimization: Your Language Model is Secretly a Reward Model.",
    ];

    [SkippableFact]
    public void Quantizes_the_36_weight_matmuls_and_keeps_the_attention_products_float()
    {
        var location = PreparedModel.RequireLocation();
        var bytes = AssemblyResources.Read(location.ModelPath, location.Manifest.ModelFile);

        var quantized = OnnxWeightQuantizer.Quantize(bytes);

        // 6 layers × (query, key, value, attention output, two feed-forward) weights; Q·Kᵀ and attention·V stay float.
        Assert.Equal(48, quantized.MatMuls);
        Assert.Equal(36, quantized.QuantizedMatMuls);
        Assert.True(quantized.Bytes.Length < bytes.Length * 0.7, $"{quantized.Bytes.Length:N0} bytes, float {bytes.Length:N0}");
    }

    [SkippableFact]
    public void Int8_vectors_have_their_own_id_and_stay_close_to_the_float_ones()
    {
        var location = PreparedModel.RequireLocation();
        var reference = PreparedModel.RequireEmbedder();
        using var int8 = OnnxTextEmbedder.Open(location, new EmbedderOptions { IntraOpThreads = 2, Weights = WeightPrecision.Int8 });

        Assert.Equal(reference.Info.Id + OnnxTextEmbedder.Int8IdSuffix, int8.Info.Id);
        Assert.StartsWith("int8 (36 of 48", int8.WeightsDescription);
        foreach (var role in new[] { EmbeddingRole.Document, EmbeddingRole.Query })
        {
            var expected = reference.Embed(Texts, role);
            var actual = int8.Embed(Texts, role);
            for (var i = 0; i < Texts.Length; i++)
            {
                var cosine = TensorPrimitives.CosineSimilarity(expected[i], actual[i]);
                Assert.True(cosine is > 0.97f and < 0.99999f, $"{role} {i}: cosine {cosine}");
            }
        }
    }

    [SkippableFact]
    public void Int8_for_queries_keeps_the_float_id_and_refuses_documents()
    {
        var location = PreparedModel.RequireLocation();
        using var queries = OnnxTextEmbedder.Open(location, new EmbedderOptions { IntraOpThreads = 2, Weights = WeightPrecision.Int8Queries });

        Assert.Equal(PreparedModel.RequireEmbedder().Info.Id, queries.Info.Id);
        Assert.Equal(384, queries.Embed(Texts[1], EmbeddingRole.Query).Length);
        Assert.Throws<InvalidOperationException>(() => queries.Embed(Texts, EmbeddingRole.Document));
    }

    [Fact]
    public void Document_sessions_of_an_int8_for_queries_model_run_the_float_weights()
    {
        Assert.Equal(WeightPrecision.Float32, new EmbedderOptions { Weights = WeightPrecision.Int8Queries, IntraOpThreads = 1 }.ForDocuments().Weights);
        Assert.Equal(1, new EmbedderOptions { Weights = WeightPrecision.Int8Queries, IntraOpThreads = 1 }.ForDocuments().IntraOpThreads);
        Assert.Equal(WeightPrecision.Int8, new EmbedderOptions { Weights = WeightPrecision.Int8 }.ForDocuments().Weights);
        Assert.Equal(WeightPrecision.Float32, new EmbedderOptions().ForDocuments().Weights);
    }
}
