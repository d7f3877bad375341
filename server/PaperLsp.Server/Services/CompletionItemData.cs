namespace PaperLsp.Server.Services;

/// <summary>What a completion item carries to completionItem/resolve: the key and whether it is in the workspace .bib.</summary>
internal sealed record CompletionItemData(string Key, bool InBibliography);
