namespace PaperLsp.Server.Protocol;

/// <summary>Params of window/logMessage.</summary>
public sealed record LogMessageParams(MessageType Type, string Message);
