using System.Text.Json;
using System.Text.Json.Nodes;

namespace PaperLsp.Benchmarks;

/// <summary>A JSON-RPC response: the result, or the error object.</summary>
internal sealed record LspResponse(JsonNode? Result, JsonNode? Error)
{
    /// <summary>-32800 (RequestCancelled), as LSP servers answer a cancelled request.</summary>
    public bool WasCancelled => Error?["code"]?.GetValue<int>() == -32800;

    /// <summary>Number of items in the result: array length, CompletionList items, 1 for any other non-null value.</summary>
    public int ItemCount => Result switch
    {
        null => 0,
        JsonArray array => array.Count,
        JsonObject obj when obj["items"] is JsonArray items => items.Count,
        _ => 1,
    };

    /// <summary>The response of a whole response message.</summary>
    public static LspResponse Of(JsonElement message) => new(Member(message, "result"), Member(message, "error"));

    private static JsonNode? Member(JsonElement message, string name) =>
        message.TryGetProperty(name, out var value) ? JsonNode.Parse(value.GetRawText()) : null;
}
