namespace PaperLsp.Server.Protocol;

/// <summary>Name and version of the client or server.</summary>
public sealed record ClientInfo(string Name, string? Version);
