namespace PaperLsp.Server.Protocol;

/// <summary>Code action provider options.</summary>
public sealed record CodeActionOptions(IReadOnlyList<string> CodeActionKinds, bool ResolveProvider);
