using System.Numerics.Tensors;
using PaperLsp.Embeddings.Models;

namespace PaperLsp.Embeddings.Tests;

/// <summary>The default model, arctic-embed-xs, read from its NuGet package's DLL (skipped when the package is not restored).</summary>
public sealed class ArcticModelTests
{
    // Four real papers (title and the gist of their abstracts, in our words) and a sentence a writer would cite each with.
    private static readonly (string Query, string Paper)[] Pairs =
    [
        ("Transformers drop recurrence and convolutions entirely and rely on attention alone",
            "Attention Is All You Need. We propose a new network architecture based solely on attention mechanisms, dispensing with recurrence and convolutions; it reaches a new state of the art in machine translation while training faster."),
        ("Agents can improve across trials by writing verbal reflections on their failures into memory",
            "Reflexion: Language Agents with Verbal Reinforcement Learning. Instead of updating weights, language agents reflect on task feedback in words and keep these reflections in an episodic memory to decide better in later trials."),
        ("Preference data can align a language model without training a separate reward model or running reinforcement learning",
            "Direct Preference Optimization: Your Language Model is Secretly a Reward Model. We show that the RLHF objective can be optimised with a simple classification loss on preference pairs, with no reward model and no sampling during fine-tuning."),
        ("Prompting the model to write out intermediate reasoning steps improves arithmetic and commonsense reasoning",
            "Chain-of-Thought Prompting Elicits Reasoning in Large Language Models. Giving a few exemplars with a series of intermediate reasoning steps lets large language models solve arithmetic, commonsense and symbolic reasoning tasks much better."),
    ];

    [SkippableFact]
    public void Tokenization_matches_the_bert_uncased_reference()
    {
        var embedder = PreparedModel.RequireEmbedder();

        // The Hugging Face bert-base-uncased ids of this sentence (the same vocabulary as arctic-embed-xs).
        Assert.Equal([101, 7592, 1010, 2026, 3899, 2003, 10140, 102], embedder.Tokenizer.Encode("Hello, my dog is cute"));

        // Uncased BERT lower-cases and strips accents.
        Assert.Equal(embedder.Tokenizer.Encode("resume cafe"), embedder.Tokenizer.Encode("Résumé CAFÉ"));
    }

    [SkippableFact]
    public void Vectors_are_384_dimensional_unit_vectors_and_batching_does_not_change_them()
    {
        var embedder = PreparedModel.RequireEmbedder();
        Assert.Equal(384, embedder.Info.Dimension);
        Assert.StartsWith("arctic-embed-xs@cf2698d30ff05da0", embedder.Info.Id, StringComparison.Ordinal);
        var texts = Pairs.Select(p => p.Paper).Append("Short title").ToList();
        var batched = embedder.Embed(texts, EmbeddingRole.Document);
        for (var i = 0; i < texts.Count; i++)
        {
            var alone = embedder.Embed(texts[i], EmbeddingRole.Document);
            Assert.Equal(1f, MathF.Sqrt(TensorPrimitives.Dot(alone, alone)), 3);
            Assert.True(TensorPrimitives.CosineSimilarity(alone, batched[i]) > 0.9999f, $"text {i}: padded in a batch differs from alone");
        }
    }

    [SkippableFact]
    public void A_session_without_buffer_reuse_gives_the_same_vectors_run_after_run()
    {
        var shared = PreparedModel.RequireEmbedder();
        using var lean = OnnxTextEmbedder.Open(PreparedModel.RequireLocation(), new EmbedderOptions { IntraOpThreads = 2, ReuseBuffers = false });
        var texts = Pairs.Select(p => p.Query).Append("Short").ToList();
        var expected = shared.Embed(texts, EmbeddingRole.Query);
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < texts.Count; i++)
            {
                // One text at a time, as the server embeds a query: sequence lengths differ from run to run.
                var vector = lean.Embed([texts[i]], EmbeddingRole.Query)[0];
                Assert.True(TensorPrimitives.CosineSimilarity(expected[i], vector) > 0.9999f, $"round {round}, text {i}: differs from the arena session's vector");
            }
        }
    }

    [SkippableFact]
    public void A_citing_sentence_is_much_closer_to_its_paper_than_to_the_others()
    {
        var embedder = PreparedModel.RequireEmbedder();
        var papers = embedder.Embed(Pairs.Select(p => p.Paper).ToList(), EmbeddingRole.Document);
        var queries = embedder.Embed(Pairs.Select(p => p.Query).ToList(), EmbeddingRole.Query);
        for (var q = 0; q < Pairs.Length; q++)
        {
            var own = TensorPrimitives.Dot(queries[q], papers[q]);
            var bestOther = Enumerable.Range(0, Pairs.Length).Where(p => p != q).Max(p => TensorPrimitives.Dot(queries[q], papers[p]));
            Assert.True(own > bestOther + 0.05f, $"query {q}: own paper {own:F3}, best other {bestOther:F3}");
        }
    }

    [SkippableFact]
    public void Queries_get_the_instruction_prefix_and_documents_do_not()
    {
        var embedder = PreparedModel.RequireEmbedder();
        var sentence = Pairs[0].Query;
        var asQuery = embedder.Embed(sentence, EmbeddingRole.Query);
        var asDocument = embedder.Embed(sentence, EmbeddingRole.Document);
        var prefixedDocument = embedder.Embed(BuiltinModels.ArcticEmbedXs.Manifest.QueryPrefix + sentence, EmbeddingRole.Document);
        Assert.Equal(asQuery, prefixedDocument);
        Assert.True(TensorPrimitives.CosineSimilarity(asQuery, asDocument) < 0.99f);
        Assert.Equal(new float[384], embedder.Embed("  ", EmbeddingRole.Query));
    }

    [SkippableFact]
    public void A_shorter_token_limit_is_another_model_id()
    {
        var location = PreparedModel.RequireLocation();
        using var shorter = OnnxTextEmbedder.Open(location, new EmbedderOptions { MaxTokens = 64, IntraOpThreads = 1 });
        Assert.NotEqual(PreparedModel.RequireEmbedder().Info.Id, shorter.Info.Id);
        Assert.Equal(64, shorter.Tokenizer.MaxTokens);
    }

    [SkippableFact]
    public void A_package_whose_model_does_not_match_the_pin_is_refused()
    {
        var location = PreparedModel.RequireLocation();
        var tampered = location with { Manifest = location.Manifest with { Sha256 = new string('0', 64) } };
        var ex = Assert.Throws<ModelFormatException>(() => OnnxTextEmbedder.Open(tampered));
        Assert.Contains("SHA-256", ex.Message);
    }
}
