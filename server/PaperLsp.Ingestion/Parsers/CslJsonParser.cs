using System.Globalization;
using System.Text.Json;
using PaperLsp.Ingestion.Identity;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Ingestion.Parsers;

/// <summary>
/// CSL-JSON (Zotero/Better BibTeX/pandoc exports): an array of items with <c>title</c>, <c>author[{family, given, literal,
/// non-dropping-particle}]</c>, <c>issued{date-parts|raw}</c>, <c>DOI</c>, <c>URL</c>, <c>container-title</c>, <c>abstract</c>,
/// <c>keyword</c>, <c>number</c>/<c>note</c> ("arXiv:…"), <c>citation-key</c>/<c>id</c>. A bad item is reported and skipped.
/// </summary>
public sealed class CslJsonParser : IPaperSourceParser
{
    /// <inheritdoc />
    public SourceFormat Format => SourceFormat.CslJson;

    /// <inheritdoc />
    public IEnumerable<Paper> Parse(Stream stream, string path, Action<ParseProblem> onProblem)
    {
        var bytes = StreamText.ReadAllUtf8(stream, path, onProblem);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        }
        catch (JsonException error)
        {
            onProblem(new ParseProblem(path, (int)(error.LineNumber ?? 0) + 1, "Invalid JSON: " + error.Message.Split(". ")[0]));
            return [];
        }

        var papers = new List<Paper>();
        using (document)
        {
            var root = document.RootElement;
            IEnumerable<JsonElement> items = root.ValueKind switch
            {
                JsonValueKind.Array => root.EnumerateArray(),
                JsonValueKind.Object when root.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array => list.EnumerateArray(),
                JsonValueKind.Object => [root],
                _ => [],
            };
            var index = 0;
            foreach (var item in items)
            {
                index++;
                var paper = ReadItem(item, path, index, onProblem);
                if (paper is not null)
                {
                    papers.Add(paper);
                }
            }
        }

        return papers;
    }

    private static Paper? ReadItem(JsonElement item, string path, int index, Action<ParseProblem> onProblem)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            onProblem(new ParseProblem(path, 0, $"CSL item {index} is not an object; skipped"));
            return null;
        }

        var title = String(item, "title");
        if (string.IsNullOrWhiteSpace(title))
        {
            onProblem(new ParseProblem(path, 0, $"CSL item {index} has no title; skipped"));
            return null;
        }

        var authors = new List<string>();
        if (item.TryGetProperty("author", out var authorArray) && authorArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var author in authorArray.EnumerateArray())
            {
                var literal = String(author, "literal");
                var name = literal ?? string.Join(' ', new[]
                {
                    String(author, "given"), String(author, "dropping-particle"), String(author, "non-dropping-particle"),
                    String(author, "family"), String(author, "suffix"),
                }.Where(p => !string.IsNullOrWhiteSpace(p)));
                if (!string.IsNullOrWhiteSpace(name))
                {
                    authors.Add(Text.TextNormalizer.Normalize(name));
                }
            }
        }

        var date = ReadDate(item, "issued") ?? ReadDate(item, "published-print") ?? ReadDate(item, "published-online");
        string? arxivId = null;
        foreach (var candidate in new[] { String(item, "number"), String(item, "note"), String(item, "URL"), String(item, "DOI"), String(item, "archive_location") })
        {
            if (candidate is not null && candidate.Contains("arxiv", StringComparison.OrdinalIgnoreCase) && ArxivId.TryFind(candidate, out var id, out _))
            {
                arxivId = id;
                break;
            }
        }

        var keywords = (String(item, "keyword") ?? "")
            .Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToList();
        var container = String(item, "container-title");
        var key = String(item, "citation-key");
        return PaperText.Create(title, String(item, "abstract"), new PaperSource(path, SourceFormat.CslJson, index)) with
        {
            Authors = authors,
            Date = date,
            Year = PaperText.YearOf(date),
            ArxivId = arxivId,
            Doi = PaperIdentity.NormalizeDoi(String(item, "DOI")),
            Venue = string.IsNullOrWhiteSpace(container) ? null : Text.TextNormalizer.Normalize(container),
            Url = String(item, "URL"),
            Keywords = keywords,
            BibKey = string.IsNullOrWhiteSpace(key) ? null : key.Trim(),
        };
    }

    private static string? ReadDate(JsonElement item, string name)
    {
        if (!item.TryGetProperty(name, out var issued) || issued.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (issued.TryGetProperty("date-parts", out var parts) && parts.ValueKind == JsonValueKind.Array && parts.GetArrayLength() > 0
            && parts[0].ValueKind == JsonValueKind.Array)
        {
            var numbers = new List<int>();
            foreach (var part in parts[0].EnumerateArray())
            {
                if (part.ValueKind == JsonValueKind.Number && part.TryGetInt32(out var n))
                {
                    numbers.Add(n);
                }
                else if (part.ValueKind == JsonValueKind.String && int.TryParse(part.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s))
                {
                    numbers.Add(s);
                }
            }

            if (numbers.Count > 0 && numbers[0] is >= 1000 and <= 2999)
            {
                return numbers.Count switch
                {
                    1 => numbers[0].ToString("0000", CultureInfo.InvariantCulture),
                    2 => $"{numbers[0]:0000}-{numbers[1]:00}",
                    _ => $"{numbers[0]:0000}-{numbers[1]:00}-{numbers[2]:00}",
                };
            }
        }

        var raw = String(issued, "raw") ?? String(issued, "literal");
        return string.IsNullOrWhiteSpace(raw) ? null : raw.Trim();
    }

    private static string? String(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }
}
