namespace PaperLsp.Server.Protocol;

/// <summary>Params of the workspace/applyEdit client request.</summary>
public sealed record ApplyWorkspaceEditParams(string? Label, WorkspaceEdit Edit);
