namespace PaperLsp.Server.Protocol;

/// <summary>Params of the workspace/configuration client request.</summary>
public sealed record ConfigurationParams(IReadOnlyList<ConfigurationItem> Items);
