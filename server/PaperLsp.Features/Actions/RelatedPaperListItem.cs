namespace PaperLsp.Features.Actions;

/// <summary>One paper of the "Show related papers" list.</summary>
public sealed record RelatedPaperListItem(string Key, string Title, string Detail, string? ArxivId, double Score, bool InBibliography);
