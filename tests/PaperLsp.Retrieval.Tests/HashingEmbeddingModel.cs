using PaperLsp.Embeddings;
using PaperLsp.Embeddings.Models;

namespace PaperLsp.Retrieval.Tests;

/// <summary>
/// A deterministic stand-in embedding: each lower-cased word of 4+ letters adds 1 to a hashed dimension, then the
/// vector is L2-normalised — so texts sharing words are close. Counts how many texts it embedded.
/// </summary>
internal sealed class HashingEmbeddingModel : IEmbeddingModel
{
    private int embedded;

    public ModelInfo Info { get; } = ModelInfo.From("hashing-test", 64, "0123456789abcdef0123456789abcdef");

    public int Embedded => this.embedded;

    public float[][] Embed(IReadOnlyList<string> texts, EmbeddingRole role, CancellationToken cancellationToken = default)
    {
        Interlocked.Add(ref embedded, texts.Count);
        return texts.Select(Vector).ToArray();
    }

    private float[] Vector(string text)
    {
        var v = new float[Info.Dimension];
        foreach (var word in text.ToLowerInvariant().Split([' ', '.', ',', ':', ';', '-', '(', ')'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.Length >= 4)
            {
                v[(int)((uint)StableHash(word) % (uint)v.Length)] += 1;
            }
        }

        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return norm == 0 ? v : v.Select(x => x / norm).ToArray();
    }

    private static int StableHash(string s)
    {
        unchecked
        {
            var h = (int)2166136261;
            foreach (var c in s)
            {
                h = (h ^ c) * 16777619;
            }

            return h;
        }
    }
}
