using PaperLsp.Ingestion.Model;

namespace PaperLsp.Retrieval;

/// <summary>One answer of <see cref="HybridPaperCatalog.FindSamePapers"/>: the index state and paper objects it was for, and what it found.</summary>
internal sealed record SamePapersAnswer(string Version, Paper[] Papers, StoredPaper?[] Found);
