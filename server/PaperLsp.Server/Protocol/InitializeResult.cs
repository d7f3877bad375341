namespace PaperLsp.Server.Protocol;

/// <summary>Result of initialize.</summary>
public sealed record InitializeResult(ServerCapabilities Capabilities, ClientInfo ServerInfo);
