using System.Text.Json;
using System.Text.Json.Serialization;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Storage.Indexing;

/// <summary>How paper records are serialised into the index (compact JSON, enums as names, nulls left out).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(Paper))]
internal sealed partial class StorageJson : JsonSerializerContext
{
    public static string Serialize(Paper paper) => JsonSerializer.Serialize(paper, Default.Paper);

    public static Paper Deserialize(string json) =>
        JsonSerializer.Deserialize(json, Default.Paper) ?? throw new JsonException("paper record is null");
}
