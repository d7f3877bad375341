namespace PaperLsp.Server.Protocol;

/// <summary>Whether didSave carries the document text.</summary>
public sealed record SaveOptions(bool IncludeText);
