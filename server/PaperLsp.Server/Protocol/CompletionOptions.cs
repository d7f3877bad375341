namespace PaperLsp.Server.Protocol;

/// <summary>Completion provider options.</summary>
public sealed record CompletionOptions(IReadOnlyList<string> TriggerCharacters, bool ResolveProvider);
