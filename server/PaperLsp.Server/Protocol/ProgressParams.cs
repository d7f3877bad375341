namespace PaperLsp.Server.Protocol;

/// <summary>Params of $/progress: a token and a begin/report/end value.</summary>
public sealed record ProgressParams(string Token, WorkDoneProgressValue Value);
