namespace PaperLsp.Server.Protocol;

/// <summary>
/// The paperlsp/status notification: papers in the index, the embedding execution provider ("cpu", "cuda" or
/// "none" without a model), the state ("indexing", "embedding", "ready", "warning" (ready, but the message says what is wrong: missing corpus paths, an empty index), "failed") and, while work runs, its progress.
/// </summary>
public sealed record PaperStatusParams(int Papers, string ExecutionProvider, string State, IndexingStatus? Indexing = null, string? Message = null);
