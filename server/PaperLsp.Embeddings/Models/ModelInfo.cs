namespace PaperLsp.Embeddings.Models;

/// <summary>
/// Identity of an embedding model, for an index to record which model produced its vectors. <see cref="Id"/> changes
/// whenever the vectors would: it embeds a prefix of the model file's SHA-256 and the most tokens embedded per text.
/// </summary>
public sealed record ModelInfo(string Id, string Name, int Dimension, string Sha256)
{
    public static ModelInfo From(string name, int dimension, string sha256, int? maxTokens = null) =>
        new($"{name}@{(sha256.Length > 16 ? sha256[..16] : sha256)}{(maxTokens is { } t ? "-t" + t.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}", name, dimension, sha256);
}
