namespace PaperLsp.Server.Protocol;

/// <summary>Result of paperlsp.addPaper: each requested paper's key (or error), and whether the citation was inserted when asked to cite.</summary>
public sealed record AddPaperResult(IReadOnlyList<AddedPaperInfo> Papers, bool? Cited = null, string? FailureReason = null);
