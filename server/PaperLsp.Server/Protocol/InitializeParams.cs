using System.Text.Json;

namespace PaperLsp.Server.Protocol;

/// <summary>Params of initialize. Capabilities stay raw JSON; <see cref="PaperLsp.Server.Workspace.ClientFeatures"/> reads what we use.</summary>
public sealed record InitializeParams
{
    public int? ProcessId { get; init; }

    public ClientInfo? ClientInfo { get; init; }

    public string? RootUri { get; init; }

    public string? RootPath { get; init; }

    public JsonElement? Capabilities { get; init; }

    public JsonElement? InitializationOptions { get; init; }

    public IReadOnlyList<WorkspaceFolder>? WorkspaceFolders { get; init; }

    public string? Trace { get; init; }
}
