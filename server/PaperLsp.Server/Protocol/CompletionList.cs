namespace PaperLsp.Server.Protocol;

/// <summary>Result of textDocument/completion; <see cref="IsIncomplete"/> makes the client ask again as the user types.</summary>
public sealed record CompletionList(bool IsIncomplete, IReadOnlyList<CompletionItem> Items);
