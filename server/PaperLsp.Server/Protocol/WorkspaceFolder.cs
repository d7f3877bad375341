namespace PaperLsp.Server.Protocol;

/// <summary>A root folder the client has open.</summary>
public sealed record WorkspaceFolder(string Uri, string Name);
