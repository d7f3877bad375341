namespace PaperLsp.Retrieval.Evaluation;

/// <summary>
/// One cited key of a real paper as a writer reaches it: the document text before the key (the rest not written
/// yet), the key in the paper's .bib, the arXiv id of the same paper in the index (from citation_overlap.json), and
/// the keys of the same citation command from this one on (<see cref="KeysLeft"/>: they all fit the same sentence).
/// </summary>
public sealed record TypingCase(string Set, string Origin, string TextBefore, string BibKey, string? IndexArxivId, IReadOnlyList<string> KeysLeft);
