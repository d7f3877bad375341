using System.Text.Json;
using System.Text.Json.Serialization;

namespace PaperLsp.Embeddings.Models;

/// <summary>
/// The <c>model.json</c> beside a prepared ONNX embedding model: what it is, where it came from, and how to
/// tokenize, pool and normalise for it.
/// </summary>
public sealed record ModelManifest
{
    public const string FileName = "model.json";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>Short stable name, e.g. "arctic-embed-xs".</summary>
    public required string Name { get; init; }

    public string? DisplayName { get; init; }

    /// <summary>Length of the output vectors.</summary>
    public required int Dimension { get; init; }

    /// <summary>Most tokens per text (special tokens included); longer texts are truncated.</summary>
    public required int MaxTokens { get; init; }

    public PoolingMode Pooling { get; init; } = PoolingMode.None;

    /// <summary>Whether vectors are L2-normalised after pooling.</summary>
    public bool Normalize { get; init; } = true;

    public required TokenizerKind Tokenizer { get; init; }

    /// <summary>Tokenizer file, relative to the model folder (vocab.json or vocab.txt).</summary>
    public required string TokenizerFile { get; init; }

    /// <summary>Lower-case before WordPiece tokenization (uncased BERT models).</summary>
    public bool LowerCase { get; init; }

    /// <summary>The ONNX model file, relative to the model folder; or, with <see cref="Assembly"/>, the resource name.</summary>
    public string ModelFile { get; init; } = "model.onnx";

    /// <summary>
    /// A .NET assembly file (relative to the model folder) that embeds <see cref="ModelFile"/> and
    /// <see cref="TokenizerFile"/> as manifest resources; null = they are plain files. The assembly is read, never loaded.
    /// </summary>
    public string? Assembly { get; init; }

    /// <summary>Text put before every query (a sentence the writer types) before it is embedded; null = none.</summary>
    public string? QueryPrefix { get; init; }

    /// <summary>Text put before every document (a paper's title and abstract) before it is embedded; null = none.</summary>
    public string? DocumentPrefix { get; init; }

    /// <summary>Name of the ONNX output to read; null = the first output.</summary>
    public string? Output { get; init; }

    /// <summary>SHA-256 (lower-case hex) of <see cref="ModelFile"/>.</summary>
    public required string Sha256 { get; init; }

    /// <summary>SHA-256 (lower-case hex) of the tokenizer file; null = not checked.</summary>
    public string? TokenizerSha256 { get; init; }

    /// <summary>Where the model came from (package, URL, conversion tool).</summary>
    public string? Origin { get; init; }

    public string? Licence { get; init; }

    /// <summary>The identity of the vectors this model gives when it embeds at most <paramref name="maxTokens"/> tokens (default: <see cref="MaxTokens"/>).</summary>
    public ModelInfo Info(int? maxTokens = null) => ModelInfo.From(Name, Dimension, Sha256, maxTokens ?? MaxTokens);

    public static ModelManifest Load(string modelDirectory)
    {
        var path = Path.Combine(modelDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new ModelFormatException($"'{modelDirectory}' is not a prepared model folder: {FileName} is missing");
        }

        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllBytes(path), JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new ModelFormatException($"'{path}' is not a valid model manifest: {ex.Message}", ex);
        }

        if (manifest is null || manifest.Dimension <= 0 || manifest.MaxTokens <= 0)
        {
            throw new ModelFormatException($"'{path}' is not a valid model manifest: dimension and maxTokens must be positive");
        }

        return manifest;
    }

    public void Save(string modelDirectory)
    {
        Directory.CreateDirectory(modelDirectory);
        File.WriteAllText(Path.Combine(modelDirectory, FileName), ToJson() + "\n");
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}
