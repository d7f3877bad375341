using System.Text.Json;

namespace PaperLsp.Server.Protocol;

/// <summary>Params of workspace/executeCommand; <see cref="Arguments"/> stays raw (each command reads its own).</summary>
public sealed record ExecuteCommandParams(string Command, JsonElement? Arguments);
