namespace PaperLsp.Ingestion.Bibtex;

/// <summary>Internal signal for a broken entry: caught by the parser, turned into a problem, never escapes.</summary>
internal sealed class BibtexSyntaxException(int offset, string message) : Exception(message)
{
    public int Offset { get; } = offset;
}
