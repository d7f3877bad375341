namespace PaperLsp.Server.Protocol;

/// <summary>Params of window/workDoneProgress/create.</summary>
public sealed record WorkDoneProgressCreateParams(string Token);
