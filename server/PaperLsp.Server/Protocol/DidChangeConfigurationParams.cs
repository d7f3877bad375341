using System.Text.Json;

namespace PaperLsp.Server.Protocol;

/// <summary>Params of workspace/didChangeConfiguration (settings may be null for pull-model clients).</summary>
public sealed record DidChangeConfigurationParams
{
    public JsonElement? Settings { get; init; }
}
