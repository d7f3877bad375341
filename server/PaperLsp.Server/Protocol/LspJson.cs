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

    /// <summary>The element read as a <typeparamref name="T"/> with <see cref="Options"/>, or null when it does not have that shape.</summary>
    public static T? TryRead<T>(JsonElement element)
        where T : class
    {
        try
        {
            return element.Deserialize<T>(Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The member <paramref name="name"/> of an object read as a <typeparamref name="T"/>, or null when absent or of another shape.</summary>
    public static T? TryReadMember<T>(JsonElement element, string name)
        where T : class =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var member) ? TryRead<T>(member) : null;

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
