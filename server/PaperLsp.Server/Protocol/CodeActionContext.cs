using System.Text.Json;

namespace PaperLsp.Server.Protocol;

/// <summary>
/// The context of a code action request. <see cref="Diagnostics"/> stays raw: clients send diagnostics of every
/// source (with numeric or string codes), and only PaperLsp's own are read.
/// </summary>
public sealed record CodeActionContext
{
    public JsonElement? Diagnostics { get; init; }

    public IReadOnlyList<string>? Only { get; init; }
}
