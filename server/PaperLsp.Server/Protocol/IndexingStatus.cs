namespace PaperLsp.Server.Protocol;

/// <summary>Progress of background indexing or embedding.</summary>
public sealed record IndexingStatus(int Done, int Total, string Message);
