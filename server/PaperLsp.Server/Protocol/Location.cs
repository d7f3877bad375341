namespace PaperLsp.Server.Protocol;

/// <summary>A range inside a document.</summary>
public sealed record Location(string Uri, Range Range);
