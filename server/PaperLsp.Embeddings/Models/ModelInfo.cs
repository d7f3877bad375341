namespace PaperLsp.Embeddings.Models;

/// <summary>
/// Identity of an embedding model, for an index to record which model produced its vectors.
/// <see cref="Id"/> changes whenever the model file changes (it embeds a prefix of the SHA-256).
/// </summary>
public sealed record ModelInfo(string Id, string Name, int Dimension, string Sha256)
{
    public static ModelInfo From(string name, int dimension, string sha256) =>
        new($"{name}@{(sha256.Length > 16 ? sha256[..16] : sha256)}", name, dimension, sha256);
}
