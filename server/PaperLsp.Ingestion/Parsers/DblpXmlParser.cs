using System.Xml;
using System.Xml.Linq;
using PaperLsp.Ingestion.Identity;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Ingestion.Parsers;

/// <summary>
/// DBLP publication search API XML (<c>result/hits/hit/info</c>: authors/author, title, venue, year, doi, ee, url). Streams hit by hit.
/// DBLP titles end with a period, which is removed.
/// </summary>
public sealed class DblpXmlParser : IPaperSourceParser
{
    /// <inheritdoc />
    public SourceFormat Format => SourceFormat.DblpXml;

    /// <inheritdoc />
    public IEnumerable<Paper> Parse(Stream stream, string path, Action<ParseProblem> onProblem)
    {
        using var text = XmlSafety.OpenText(stream, path, onProblem);
        using var reader = XmlReader.Create(text, XmlSafety.Settings);
        var lineInfo = (IXmlLineInfo)reader;
        while (true)
        {
            XElement info;
            int line;
            try
            {
                if (!reader.ReadToFollowing("info"))
                {
                    break;
                }

                line = lineInfo.LineNumber;
                info = (XElement)XNode.ReadFrom(reader);
            }
            catch (XmlException error)
            {
                onProblem(new ParseProblem(path, error.LineNumber, "Malformed XML: " + error.Message));
                yield break;
            }

            var title = info.Element("title")?.Value.Trim();
            if (string.IsNullOrWhiteSpace(title))
            {
                onProblem(new ParseProblem(path, line, "DBLP hit has no title; skipped"));
                continue;
            }

            if (title.EndsWith('.') && !title.EndsWith("..", StringComparison.Ordinal))
            {
                title = title[..^1];
            }

            var ee = info.Element("ee")?.Value;
            string? arxivId = null;
            if (ee is not null && ee.Contains("arxiv", StringComparison.OrdinalIgnoreCase) && ArxivId.TryFind(ee, out var id, out _))
            {
                arxivId = id;
            }

            var year = info.Element("year")?.Value;
            var venue = info.Element("venue")?.Value;
            yield return PaperText.Create(title, "", new PaperSource(path, SourceFormat.DblpXml, line)) with
            {
                Authors = info.Element("authors")?.Elements("author").Select(a => Text.TextNormalizer.Normalize(StripDblpNumber(a.Value))).Where(a => a.Length > 0).ToList() ?? [],
                Date = string.IsNullOrWhiteSpace(year) ? null : year.Trim(),
                Year = PaperText.YearOf(year?.Trim()),
                Doi = PaperIdentity.NormalizeDoi(info.Element("doi")?.Value),
                ArxivId = arxivId,
                Venue = string.IsNullOrWhiteSpace(venue) ? null : venue.Trim(),
                Url = info.Element("url")?.Value.Trim(),
            };
        }
    }

    /// <summary>DBLP disambiguates homonyms as "Li Wang 0001": the number is not part of the name.</summary>
    private static string StripDblpNumber(string name)
    {
        var trimmed = name.Trim();
        var space = trimmed.LastIndexOf(' ');
        return space > 0 && trimmed.Length - space == 5 && trimmed[(space + 1)..].All(char.IsAsciiDigit) ? trimmed[..space] : trimmed;
    }
}
