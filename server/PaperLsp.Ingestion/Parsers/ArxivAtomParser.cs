using System.Xml;
using System.Xml.Linq;
using PaperLsp.Ingestion.Identity;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Ingestion.Parsers;

/// <summary>
/// arXiv API Atom feeds (classic 2025 and 2026 formats): one <c>&lt;entry&gt;</c> per paper with id (abs URL with version), title,
/// summary, published, author/name, arxiv:doi, arxiv:journal_ref, categories. Streams entry by entry; an API error entry or a
/// broken entry is reported; malformed XML stops the feed with a problem (papers before it are kept).
/// </summary>
public sealed class ArxivAtomParser : IPaperSourceParser
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Arxiv = "http://arxiv.org/schemas/atom";

    /// <inheritdoc />
    public SourceFormat Format => SourceFormat.ArxivAtom;

    /// <inheritdoc />
    public IEnumerable<Paper> Parse(Stream stream, string path, Action<ParseProblem> onProblem)
    {
        using var text = XmlSafety.OpenText(stream, path, onProblem);
        using var reader = XmlReader.Create(text, XmlSafety.Settings);
        var lineInfo = (IXmlLineInfo)reader;
        var index = 0;
        var sawFeed = false;
        while (true)
        {
            XElement? entry = null;
            var line = 0;
            try
            {
                if (!reader.Read())
                {
                    break;
                }

                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (reader.LocalName == "feed")
                {
                    sawFeed = true;
                    continue;
                }

                if (reader.LocalName != "entry")
                {
                    continue;
                }

                line = lineInfo.LineNumber;
                entry = (XElement)XNode.ReadFrom(reader);
            }
            catch (XmlException error)
            {
                onProblem(new ParseProblem(path, error.LineNumber, "Malformed XML: " + error.Message));
                yield break;
            }

            index++;
            var paper = ReadEntry(entry, path, line, onProblem);
            if (paper is not null)
            {
                yield return paper;
            }

            // ReadFrom leaves the reader on the node after the entry; step back into the loop without skipping it.
            while (reader.NodeType == XmlNodeType.Element && reader.LocalName == "entry")
            {
                XElement next;
                try
                {
                    line = lineInfo.LineNumber;
                    next = (XElement)XNode.ReadFrom(reader);
                }
                catch (XmlException error)
                {
                    onProblem(new ParseProblem(path, error.LineNumber, "Malformed XML: " + error.Message));
                    yield break;
                }

                index++;
                var more = ReadEntry(next, path, line, onProblem);
                if (more is not null)
                {
                    yield return more;
                }
            }
        }

        if (!sawFeed)
        {
            onProblem(new ParseProblem(path, 1, "Not an Atom feed (no <feed> element)"));
        }
    }

    private static Paper? ReadEntry(XElement entry, string path, int line, Action<ParseProblem> onProblem)
    {
        var ns = entry.Name.Namespace;
        var id = entry.Element(ns + "id")?.Value.Trim() ?? "";
        var title = entry.Element(ns + "title")?.Value;
        if (id.Contains("/api/errors", StringComparison.Ordinal))
        {
            onProblem(new ParseProblem(path, line, "arXiv API error: " + (entry.Element(ns + "summary")?.Value.Trim() ?? title ?? "unknown")));
            return null;
        }

        if (string.IsNullOrWhiteSpace(title))
        {
            onProblem(new ParseProblem(path, line, "Atom entry has no title; skipped"));
            return null;
        }

        string? arxivId = null;
        if (ArxivId.TryParse(id, out var parsed, out _))
        {
            arxivId = parsed;
        }
        else if (id.Length > 0)
        {
            onProblem(new ParseProblem(path, line, $"Entry id '{id}' is not an arXiv id"));
        }

        var published = PaperText.DateOnly(entry.Element(ns + "published")?.Value ?? entry.Element(ns + "updated")?.Value);
        var authors = entry.Elements(ns + "author")
            .Select(a => a.Element(ns + "name")?.Value)
            .Where(n => !string.IsNullOrWhiteSpace(n))
            .Select(n => Text.TextNormalizer.Normalize(n))
            .ToList();
        var journal = entry.Element(Arxiv + "journal_ref")?.Value;
        var doi = entry.Element(Arxiv + "doi")?.Value;
        var categories = entry.Elements(ns + "category")
            .Select(c => c.Attribute("term")?.Value)
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .Select(t => t!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return PaperText.Create(title, entry.Element(ns + "summary")?.Value, new PaperSource(path, SourceFormat.ArxivAtom, line)) with
        {
            ArxivId = arxivId,
            Authors = authors,
            Date = published,
            Year = PaperText.YearOf(published),
            Doi = PaperIdentity.NormalizeDoi(doi),
            Venue = string.IsNullOrWhiteSpace(journal) ? null : Text.TextNormalizer.Normalize(journal),
            Keywords = categories,
            PrimaryClass = ArxivCategory.Normalize(entry.Element(Arxiv + "primary_category")?.Attribute("term")?.Value) ?? categories.Select(ArxivCategory.Normalize).FirstOrDefault(c => c is not null),
        };
    }
}
