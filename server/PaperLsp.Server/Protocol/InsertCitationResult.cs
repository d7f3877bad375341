namespace PaperLsp.Server.Protocol;

/// <summary>Result of paperlsp.insertCitation: whether the client applied the edit, and why not.</summary>
public sealed record InsertCitationResult(bool Applied, string? FailureReason = null);
