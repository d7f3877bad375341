namespace PaperLsp.Server.Protocol;

/// <summary>Workspace folder support announced by the server.</summary>
public sealed record WorkspaceFoldersServerCapabilities(bool Supported, bool ChangeNotifications);
