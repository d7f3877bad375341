namespace PaperLsp.Server.Protocol;

/// <summary>Params of window/showMessage.</summary>
public sealed record ShowMessageParams(MessageType Type, string Message);
