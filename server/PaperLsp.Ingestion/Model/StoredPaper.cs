
namespace PaperLsp.Ingestion.Model;

/// <summary>A paper as held by the index: its row id, its stable citation key and the merged record.</summary>
public sealed record StoredPaper(long Id, string CitationKey, Paper Paper);
