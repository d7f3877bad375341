namespace PaperLsp.Ingestion.Model;

/// <summary>Where a paper record came from: the file, the format and the 1-based line of the record.</summary>
public sealed record PaperSource(string Path, SourceFormat Format, int Line);
