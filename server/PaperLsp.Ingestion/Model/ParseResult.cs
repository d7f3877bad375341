namespace PaperLsp.Ingestion.Model;

/// <summary>The papers a parser read from one source, and the problems it skipped over.</summary>
public sealed record ParseResult(IReadOnlyList<Paper> Papers, IReadOnlyList<ParseProblem> Problems);
