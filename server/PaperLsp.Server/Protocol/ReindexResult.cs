namespace PaperLsp.Server.Protocol;

/// <summary>Result of paperlsp.reindex: the number of papers in the index afterwards.</summary>
public sealed record ReindexResult(int Papers);
