using System.Xml;

namespace PaperLsp.Ingestion.Parsers;

/// <summary>XmlReader settings safe for untrusted input: no DTDs, no external resolution, bounded entity expansion.</summary>
internal static class XmlSafety
{
    public static XmlReaderSettings Settings => new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CheckCharacters = false,
    };

    public static TextReader OpenText(Stream stream, string path, Action<PaperLsp.Ingestion.Model.ParseProblem> onProblem) =>
        StreamText.OpenStreamed(stream, path, onProblem);
}
