namespace PaperLsp.Server.Protocol;

/// <summary>The workspace part of the server capabilities.</summary>
public sealed record WorkspaceServerCapabilities(WorkspaceFoldersServerCapabilities WorkspaceFolders);
