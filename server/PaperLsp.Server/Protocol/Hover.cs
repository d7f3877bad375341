namespace PaperLsp.Server.Protocol;

/// <summary>Result of textDocument/hover.</summary>
public sealed record Hover(MarkupContent Contents, Range? Range);
