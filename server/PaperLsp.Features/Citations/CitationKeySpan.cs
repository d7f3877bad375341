namespace PaperLsp.Features.Citations;

/// <summary>
/// One key slot of a citation: the key text (may be empty while typing) and its char range [Start, End)
/// in the document, leading/trailing whitespace excluded. <see cref="SlotStart"/>/<see cref="SlotEnd"/> bound the
/// whole slot between its separators (the place where the cursor still belongs to this key).
/// </summary>
public sealed record CitationKeySpan(string Key, int Start, int End, int SlotStart, int SlotEnd);
