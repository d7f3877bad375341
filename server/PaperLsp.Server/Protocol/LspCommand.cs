using System.Text.Json.Serialization;

namespace PaperLsp.Server.Protocol;

/// <summary>An LSP Command: a title, the command identifier and its arguments.</summary>
public sealed record LspCommand(
    string Title,
    [property: JsonPropertyName("command")] string Name,
    IReadOnlyList<object>? Arguments = null);
