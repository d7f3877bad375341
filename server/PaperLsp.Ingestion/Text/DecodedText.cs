namespace PaperLsp.Ingestion.Text;

/// <summary>A file's text, the encoding it was read with, and a warning when it was not valid UTF-8 (else null).</summary>
public sealed record DecodedText(string Text, string Encoding, string? Warning);
