using PaperLsp.Ingestion.Text;

namespace PaperLsp.Ingestion.Model;

/// <summary>
/// A recoverable problem met while parsing a source: reported with path and 1-based line, then skipped. The message
/// is made printable on construction (control and undecodable characters escaped), so quoting a file's bytes in it can
/// never send raw binary to a terminal or a log. <see cref="Offset"/> is the char offset where a text parser detected
/// it (-1 when unknown).
/// </summary>
public sealed record ParseProblem(string Path, int Line, string Message, int Offset = -1)
{
    public string Message { get; init; } = PrintableText.Escape(Message);
}
