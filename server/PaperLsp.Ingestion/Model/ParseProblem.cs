namespace PaperLsp.Ingestion.Model;

/// <summary>
/// A recoverable problem met while parsing a source: reported with path and 1-based line, then skipped.
/// <see cref="Offset"/> is the char offset where a text parser detected it (-1 when unknown).
/// </summary>
public sealed record ParseProblem(string Path, int Line, string Message, int Offset = -1);
