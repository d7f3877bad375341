using System.Text;
using System.Text.Json;
using System.Xml;
using PaperLsp.Ingestion;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Fetching;

/// <summary>
/// Decides whether a downloaded body is what was asked for before it replaces a cached copy: an HTML error page, a
/// body cut short or not well-formed is refused with a one-line reason; otherwise the papers are read with the
/// ingestion library's parser for the format (the same code that indexes the cached file).
/// </summary>
public static class ResponseInspector
{
    public static InspectedResponse Inspect(byte[] body, SourceFormat format, string name)
    {
        ArgumentNullException.ThrowIfNull(body);
        var head = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 2048)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (head.Length == 0)
        {
            return Refused("the response was empty");
        }

        var looksLikeHtml = head.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || (head.StartsWith('<') && head.Contains("<html", StringComparison.OrdinalIgnoreCase));
        if (looksLikeHtml)
        {
            return Refused("the server sent an HTML page instead of " + Expected(format));
        }

        var wellFormed = format switch
        {
            SourceFormat.HuggingFaceApiJson => JsonProblem(body),
            SourceFormat.ArxivAtom => XmlProblem(body),
            SourceFormat.Bibtex => head.StartsWith('@') ? null : "the response is not BibTeX",
            _ => $"no check for {format}",
        };
        if (wellFormed is not null)
        {
            return Refused(wellFormed);
        }

        var problems = new List<ParseProblem>();
        using var stream = new MemoryStream(body, writable: false);
        var papers = SourceReader.Read(stream, name, format, problems.Add).ToList();
        var fatal = papers.Count == 0 && problems.Count > 0 ? problems[0].Message : null;
        return new InspectedResponse(papers, fatal);
    }

    private static InspectedResponse Refused(string problem) => new([], problem);

    private static string Expected(SourceFormat format) => format switch
    {
        SourceFormat.HuggingFaceApiJson => "JSON",
        SourceFormat.ArxivAtom => "an Atom feed",
        _ => "BibTeX",
    };

    private static string? JsonProblem(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind is JsonValueKind.Array or JsonValueKind.Object ? null : "the JSON is not a list of papers";
        }
        catch (JsonException error)
        {
            return "invalid JSON (cut short or malformed" + (error.LineNumber is { } line ? $", line {line + 1}" : "") + ")";
        }
    }

    private static string? XmlProblem(byte[] body)
    {
        try
        {
            using var stream = new MemoryStream(body, writable: false);
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            var root = true;
            while (reader.Read())
            {
                if (root && reader.NodeType == XmlNodeType.Element)
                {
                    root = false;
                    if (reader.LocalName != "feed")
                    {
                        return $"expected an Atom feed, got <{reader.LocalName}>";
                    }
                }
            }

            return root ? "the XML has no elements" : null;
        }
        catch (XmlException error)
        {
            return $"invalid XML (cut short or malformed, line {error.LineNumber})";
        }
    }
}
