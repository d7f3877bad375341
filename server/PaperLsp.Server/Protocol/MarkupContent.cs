namespace PaperLsp.Server.Protocol;

/// <summary>Text in plaintext or markdown (kind "plaintext" or "markdown").</summary>
public sealed record MarkupContent(string Kind, string Value);
