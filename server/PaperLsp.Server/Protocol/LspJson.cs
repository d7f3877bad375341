using System.Text.Json;
using System.Text.Json.Serialization;

namespace PaperLsp.Server.Protocol;

/// <summary>The JSON conventions of LSP messages: camelCase names, nulls omitted, numbers for enums.</summary>
public static class LspJson
{
    /// <summary>Serializer options used for every LSP payload (params, results, client requests).</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Serializes a value into a detached JSON element with <see cref="Options"/>.</summary>
    public static JsonElement ToElement<T>(T value) => JsonSerializer.SerializeToElement(value, Options);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNameCaseInsensitive = false,
            NumberHandling = JsonNumberHandling.Strict,
            MaxDepth = 128,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
