namespace PaperLsp.Server.Protocol;

/// <summary>Commands the server executes through workspace/executeCommand.</summary>
public sealed record ExecuteCommandOptions(IReadOnlyList<string> Commands);
