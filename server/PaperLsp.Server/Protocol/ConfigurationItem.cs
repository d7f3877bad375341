namespace PaperLsp.Server.Protocol;

/// <summary>One section asked for in workspace/configuration.</summary>
public sealed record ConfigurationItem(string? ScopeUri, string? Section);
