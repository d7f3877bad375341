using System.Text.Json.Nodes;

namespace PaperLsp.Server.Tests;

/// <summary>Builders for document notification params.</summary>
internal static class Documents
{
    public static JsonObject OpenParams(string uri, string text, string languageId = "latex", int version = 1) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = languageId, ["version"] = version, ["text"] = text },
    };

    public static JsonObject ChangeParams(string uri, int version, params JsonObject[] changes) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
        ["contentChanges"] = new JsonArray([.. changes]),
    };

    public static JsonObject Full(string text) => new() { ["text"] = text };

    public static JsonObject Incremental(int startLine, int startCharacter, int endLine, int endCharacter, string text) => new()
    {
        ["range"] = new JsonObject
        {
            ["start"] = new JsonObject { ["line"] = startLine, ["character"] = startCharacter },
            ["end"] = new JsonObject { ["line"] = endLine, ["character"] = endCharacter },
        },
        ["text"] = text,
    };

    public static JsonObject Uri(string uri) => new() { ["uri"] = uri };
}
