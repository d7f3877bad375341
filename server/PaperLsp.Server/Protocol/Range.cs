namespace PaperLsp.Server.Protocol;

/// <summary>A span between two positions; the end is exclusive.</summary>
public sealed record Range(Position Start, Position End);
