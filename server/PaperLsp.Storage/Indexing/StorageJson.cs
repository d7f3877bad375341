using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Storage.Indexing;

/// <summary>
/// How paper records are serialised into the index (compact JSON, enums as names, nulls, empty lists and an empty
/// abstract left out). Reading accepts a record without its title or source (the papers table keeps those in columns
/// since schema 5, see <see cref="StoredRecord"/>); absent fields take the record's defaults
/// (an empty abstract, no authors, no keywords; null otherwise).
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(Paper))]
internal sealed partial class StorageJson : JsonSerializerContext
{
    // Made on first use: a static initializer here could run before the generated Default exists (partial class).
    private static JsonTypeInfo<Paper>? paperInfo;

    private static JsonTypeInfo<Paper> PaperInfo => paperInfo ??= CreatePaperInfo();

    public static string Serialize(Paper paper) => JsonSerializer.Serialize(paper, PaperInfo);

    public static Paper Deserialize(string json)
    {
        var paper = JsonSerializer.Deserialize(json, PaperInfo) ?? throw new JsonException("paper record is null");

        // The generated reader sets every init-only property, so a left-out list or abstract arrives as null.
        return paper.Abstract is null || paper.Authors is null || paper.Keywords is null
            ? paper with { Abstract = paper.Abstract ?? "", Authors = paper.Authors ?? [], Keywords = paper.Keywords ?? [] }
            : paper;
    }

    private static JsonTypeInfo<Paper> CreatePaperInfo()
    {
        var options = new JsonSerializerOptions(Default.Options)
        {
            TypeInfoResolver = Default.WithAddedModifier(info =>
            {
                if (info.Type != typeof(Paper))
                {
                    return;
                }

                foreach (var property in info.Properties)
                {
                    property.IsRequired = false;
                    if (property.PropertyType == typeof(string))
                    {
                        property.ShouldSerialize = (_, value) => value is string { Length: > 0 } || (value is not null && property.Name != "abstract");
                    }
                    else if (property.PropertyType == typeof(IReadOnlyList<string>))
                    {
                        property.ShouldSerialize = (_, value) => value is IReadOnlyList<string> { Count: > 0 };
                    }
                }
            }),
        };
        return (JsonTypeInfo<Paper>)options.GetTypeInfo(typeof(Paper));
    }
}
