namespace PaperLsp.Server.Protocol;

/// <summary>The client's answer to workspace/applyEdit.</summary>
public sealed record ApplyWorkspaceEditResult
{
    public bool Applied { get; init; }

    public string? FailureReason { get; init; }
}
