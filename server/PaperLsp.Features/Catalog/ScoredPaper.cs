using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Catalog;

/// <summary>A search hit: the paper and its fused score (higher is better).</summary>
public sealed record ScoredPaper(StoredPaper Paper, double Score);
