namespace PaperLsp.Server.Protocol;

/// <summary>Replaces a range with new text.</summary>
public sealed record TextEdit(Range Range, string NewText);
