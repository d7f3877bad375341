namespace PaperLsp.Features.Hover;

/// <summary>A hover: the key or arXiv id hovered, its char range [Start, End) in the document, and the card as Markdown.</summary>
public sealed record HoverCard(string Key, int Start, int End, string Markdown);
