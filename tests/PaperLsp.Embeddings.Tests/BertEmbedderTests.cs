using PaperLsp.Embeddings.Models;
using PaperLsp.Embeddings.Runtime;
using PaperLsp.TestSupport;

namespace PaperLsp.Embeddings.Tests;

/// <summary>The BERT WordPiece path end to end on a tiny generated ONNX model, against hand-computed vectors.</summary>
public sealed class BertEmbedderTests
{
    private static readonly EmbedderOptions Cpu = new() { Provider = ExecutionProviderPreference.Cpu, IntraOpThreads = 1 };

    [Fact]
    public void Mean_pooling_averages_unpadded_tokens()
    {
        using var dir = new TempFolder();
        using var embedder = OnnxTextEmbedder.Open(TinyOnnxModels.WriteBertFolder(dir.Path, PoolingMode.Mean, normalize: false), Cpu);

        // "Papers cite" → [CLS] paper ##s cite [SEP]: ([3,0,4]+[1,2,0]+[1,0,0]+[0,0,2]+[0,1,0]) / 5
        // "graph" → [CLS] graph [SEP]: ([3,0,4]+[2,2,0]+[0,1,0]) / 3, padded to 5 tokens in the same batch.
        var vectors = embedder.Embed(["Papers cite", "graph"], EmbeddingRole.Document);
        AssertClose([1.0f, 0.6f, 1.2f], vectors[0]);
        AssertClose([5f / 3, 1f, 4f / 3], vectors[1]);
        Assert.Equal([2, 5, 7, 6, 3], embedder.Tokenizer.Encode("Papers cite"));
    }

    [Fact]
    public void Mean_pooling_then_l2_normalisation()
    {
        using var dir = new TempFolder();
        using var embedder = OnnxTextEmbedder.Open(TinyOnnxModels.WriteBertFolder(dir.Path, PoolingMode.Mean, normalize: true), Cpu);
        var vector = embedder.Embed("graph", EmbeddingRole.Document);
        var norm = MathF.Sqrt(50);
        AssertClose([5 / norm, 3 / norm, 4 / norm], vector);
    }

    [Fact]
    public void Cls_pooling_takes_the_first_token()
    {
        using var dir = new TempFolder();
        using var embedder = OnnxTextEmbedder.Open(TinyOnnxModels.WriteBertFolder(dir.Path, PoolingMode.Cls, normalize: true), Cpu);
        AssertClose([0.6f, 0f, 0.8f], embedder.Embed("paper graph cite", EmbeddingRole.Document));
    }

    [Fact]
    public void Unknown_words_and_truncation()
    {
        using var dir = new TempFolder();
        using var embedder = OnnxTextEmbedder.Open(TinyOnnxModels.WriteBertFolder(dir.Path, PoolingMode.Mean, normalize: false, maxTokens: 4), Cpu);
        Assert.Equal([2, 1, 3], embedder.Tokenizer.Encode("zebra"));
        Assert.Equal([2, 5, 8, 3], embedder.Tokenizer.Encode("paper graph cite paper"));
    }

    [Fact]
    public void Tokenizer_json_gives_the_same_ids_as_vocab_txt()
    {
        using var dir = new TempFolder();
        TinyOnnxModels.WriteBertFolder(dir.Path, PoolingMode.Mean, normalize: true);
        var vocab = string.Join(",", TinyOnnxModels.Vocab.Select((piece, id) => $"\"{piece}\": {id}"));
        File.WriteAllText(Path.Combine(dir.Path, "tokenizer.json"),
            "{\"normalizer\": {\"type\": \"BertNormalizer\", \"lowercase\": true}, \"model\": {\"type\": \"WordPiece\", \"vocab\": {" + vocab + "}}}");
        (ModelManifest.Load(dir.Path) with { TokenizerFile = "tokenizer.json", LowerCase = false }).Save(dir.Path);
        using var embedder = OnnxTextEmbedder.Open(dir.Path, Cpu);
        Assert.Equal([2, 5, 7, 6, 3], embedder.Tokenizer.Encode("Papers cite"));
    }

    [Fact]
    public void Non_wordpiece_tokenizer_json_is_a_clear_error()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "tokenizer.json");
        File.WriteAllText(path, "{\"model\": {\"type\": \"BPE\", \"vocab\": {}}}");
        Assert.Contains("only WordPiece", Assert.Throws<ModelFormatException>(() => Tokenization.BertWordPieceTokenizer.FromVocabTxt(path, false)).Message);
    }

    [Fact]
    public void Query_prefix_goes_before_queries_and_document_prefix_before_documents()
    {
        using var dir = new TempFolder();
        TinyOnnxModels.WriteBertFolder(dir.Path, PoolingMode.Mean, normalize: false);
        (ModelManifest.Load(dir.Path) with { QueryPrefix = "cite ", DocumentPrefix = "paper " }).Save(dir.Path);
        using var embedder = OnnxTextEmbedder.Open(dir.Path, Cpu);

        // Query "graph" → [CLS] cite graph [SEP]; document "graph" → [CLS] paper graph [SEP].
        AssertClose([5f / 4, 3f / 4, 6f / 4], embedder.Embed("graph", EmbeddingRole.Query));
        AssertClose([6f / 4, 5f / 4, 4f / 4], embedder.Embed("graph", EmbeddingRole.Document));
        Assert.Equal([0f, 0f, 0f], embedder.Embed(" ", EmbeddingRole.Query));
    }

    [Fact]
    public void Empty_text_gets_a_zero_vector_and_order_is_kept()
    {
        using var dir = new TempFolder();
        using var embedder = OnnxTextEmbedder.Open(TinyOnnxModels.WriteBertFolder(dir.Path, PoolingMode.Cls, normalize: false), Cpu);
        var vectors = embedder.Embed(["", "graph", "   "], EmbeddingRole.Document);
        Assert.Equal([0f, 0f, 0f], vectors[0]);
        AssertClose([3f, 0f, 4f], vectors[1]);
        Assert.Equal([0f, 0f, 0f], vectors[2]);
        Assert.Empty(embedder.Embed([], EmbeddingRole.Document));
    }

    [Fact]
    public void Manifest_dimension_must_match_the_model()
    {
        using var dir = new TempFolder();
        TinyOnnxModels.WriteBertFolder(dir.Path, PoolingMode.Mean, normalize: true);
        var manifest = ModelManifest.Load(dir.Path) with { Dimension = 4 };
        manifest.Save(dir.Path);
        var ex = Assert.Throws<ModelFormatException>(() => OnnxTextEmbedder.Open(dir.Path, Cpu));
        Assert.Contains("dimension 4", ex.Message);
    }

    [Fact]
    public void Checksum_mismatch_is_refused_when_verifying()
    {
        using var dir = new TempFolder();
        TinyOnnxModels.WriteBertFolder(dir.Path, PoolingMode.Mean, normalize: true);
        (ModelManifest.Load(dir.Path) with { Sha256 = new string('0', 64) }).Save(dir.Path);
        var ex = Assert.Throws<ModelFormatException>(() => OnnxTextEmbedder.Open(dir.Path, Cpu with { VerifyChecksum = true }));
        Assert.Contains("SHA-256", ex.Message);
    }

    [Fact]
    public void Corrupt_model_file_is_a_clear_error()
    {
        using var dir = new TempFolder();
        TinyOnnxModels.WriteBertFolder(dir.Path, PoolingMode.Mean, normalize: true);
        File.WriteAllText(Path.Combine(dir.Path, "model.onnx"), "this is not a protobuf");
        var ex = Assert.Throws<ModelFormatException>(() => OnnxTextEmbedder.Open(dir.Path, Cpu));
        Assert.Contains("cannot load", ex.Message);
    }

    [Fact]
    public void Vocabulary_larger_than_the_model_is_a_clear_error_not_a_crash()
    {
        using var dir = new TempFolder();
        TinyOnnxModels.WriteBertFolder(dir.Path, PoolingMode.Mean, normalize: true);
        File.AppendAllLines(Path.Combine(dir.Path, "vocab.txt"), ["zebra"]);
        using var embedder = OnnxTextEmbedder.Open(dir.Path, Cpu);
        var ex = Assert.Throws<ModelFormatException>(() => embedder.Embed("zebra", EmbeddingRole.Document));
        Assert.Contains("failed on a batch", ex.Message);
    }

    [Fact]
    public void Concurrent_callers_get_the_same_vectors()
    {
        using var dir = new TempFolder();
        using var embedder = OnnxTextEmbedder.Open(TinyOnnxModels.WriteBertFolder(dir.Path, PoolingMode.Mean, normalize: true), Cpu);
        string[] texts = ["paper", "papers cite graph", "cite", "graph graph"];
        var expected = embedder.Embed(texts, EmbeddingRole.Document);
        Parallel.For(0, 32, _ =>
        {
            var actual = embedder.Embed(texts, EmbeddingRole.Document);
            for (var i = 0; i < texts.Length; i++)
            {
                Assert.Equal(expected[i], actual[i]);
            }
        });
    }

    [Fact]
    public void Cancellation_is_honoured()
    {
        using var dir = new TempFolder();
        using var embedder = OnnxTextEmbedder.Open(TinyOnnxModels.WriteBertFolder(dir.Path, PoolingMode.Mean, normalize: true), Cpu);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => embedder.Embed(["paper"], EmbeddingRole.Document, cancelled.Token));
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-5f, $"[{i}] expected {expected[i]}, got {actual[i]}");
        }
    }
}
