namespace PaperLsp.Ingestion.Model;

/// <summary>A recoverable problem met while parsing a source: reported with path and 1-based line, then skipped.</summary>
public sealed record ParseProblem(string Path, int Line, string Message);
