namespace PaperLsp.Server.Protocol;

/// <summary>A zero-based line and UTF-16 code unit offset within that line.</summary>
public sealed record Position(int Line, int Character);
