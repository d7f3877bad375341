using PaperLsp.Embeddings.Models;

namespace PaperLsp.Embeddings;

/// <summary>Turns texts into fixed-length vectors. Implementations are thread-safe.</summary>
public interface IEmbeddingModel
{
    ModelInfo Info { get; }

    /// <summary>
    /// One vector of length <see cref="ModelInfo.Dimension"/> per text, in input order (L2-normalised when the
    /// model says so). <paramref name="role"/> selects the model's query or document prefix (retrieval models embed the
    /// two sides differently). A text with nothing to encode (empty, only whitespace) gets an all-zero vector.
    /// </summary>
    float[][] Embed(IReadOnlyList<string> texts, EmbeddingRole role, CancellationToken cancellationToken = default);
}
