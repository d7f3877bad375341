using PaperLsp.Ingestion.Model;

namespace PaperLsp.Ingestion.Tests;

internal static class TestPapers
{
    public static Paper Make(
        string title,
        string[]? authors = null,
        int? year = null,
        string? arxivId = null,
        string? doi = null,
        string abstractText = "",
        SourceFormat format = SourceFormat.PapersJsonl,
        string? bibKey = null) => new()
        {
            Title = title,
            Authors = authors ?? [],
            Year = year,
            ArxivId = arxivId,
            Doi = doi,
            Abstract = abstractText,
            BibKey = bibKey,
            Source = new PaperSource("test", format, 1),
        };
}
