using System.Text;
using System.Text.Json;
using PaperLsp.Ingestion.Identity;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Ingestion.Parsers;

/// <summary>
/// One JSON object per line: <c>arxiv_id, title, abstract, authors[], date, source</c> (also accepts <c>id</c>, <c>summary</c>,
/// <c>doi</c>, <c>year</c>, <c>venue</c>, <c>url</c>). Streams with <see cref="Utf8JsonReader"/> straight from the UTF-8 bytes,
/// in bounded memory (a line over <see cref="MaxLineBytes"/> is reported and skipped). Invalid UTF-8 is replaced.
/// </summary>
public sealed class PapersJsonlParser : IPaperSourceParser
{
    /// <summary>Longest accepted line (one record).</summary>
    public const int MaxLineBytes = 16 * 1024 * 1024;

    private const string NotUtf8 = "Line is not valid UTF-8: read as Windows-1252";

    /// <inheritdoc />
    public SourceFormat Format => SourceFormat.PapersJsonl;

    /// <inheritdoc />
    public IEnumerable<Paper> Parse(Stream stream, string path, Action<ParseProblem> onProblem) => Parse(stream, path, onProblem, 0);

    /// <summary>The records after line <paramref name="skipThroughLine"/> (lines up to it are split off, not parsed): resuming a long file.</summary>
    public IEnumerable<Paper> Parse(Stream stream, string path, Action<ParseProblem> onProblem, int skipThroughLine)
    {
        var reader = new Utf8LineReader(stream, MaxLineBytes);
        var warnedEncoding = false;
        void Report(ParseProblem problem)
        {
            if (problem.Message.StartsWith(NotUtf8, StringComparison.Ordinal))
            {
                if (warnedEncoding)
                {
                    return; // one warning per file
                }

                warnedEncoding = true;
                problem = problem with { Message = PaperLsp.Ingestion.Text.TextDecoding.FallbackWarning(path) + $" (first at line {problem.Line})" };
            }

            onProblem(problem);
        }

        while (reader.TryReadLine(out var line))
        {
            if (reader.LineNumber <= skipThroughLine)
            {
                continue;
            }

            if (reader.LineTooLong)
            {
                onProblem(new ParseProblem(path, reader.LineNumber, $"Line is longer than {MaxLineBytes / (1024 * 1024)} MB; skipped"));
                continue;
            }

            var paper = ParseLine(line.Span, path, reader.LineNumber, Report);
            if (paper is not null)
            {
                yield return paper;
            }
        }
    }

    internal static Paper? ParseLine(ReadOnlySpan<byte> line, string path, int lineNumber, Action<ParseProblem> onProblem)
    {
        var trimmed = line.Trim(" \t\r\uFEFF"u8);
        if (trimmed.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            trimmed = trimmed[3..];
        }

        if (trimmed.IsEmpty)
        {
            return null;
        }

        byte[]? repaired = null;
        if (!System.Text.Unicode.Utf8.IsValid(trimmed))
        {
            onProblem(new ParseProblem(path, lineNumber, NotUtf8));
            repaired = Encoding.UTF8.GetBytes(PaperLsp.Ingestion.Text.TextDecoding.Windows1252(trimmed));
            trimmed = repaired;
        }

        try
        {
            return ReadRecord(trimmed, path, lineNumber, onProblem);
        }
        catch (JsonException error)
        {
            onProblem(new ParseProblem(path, lineNumber, "Invalid JSON: " + FirstSentence(error.Message)));
            return null;
        }
        catch (InvalidOperationException error)
        {
            onProblem(new ParseProblem(path, lineNumber, "Invalid JSON value: " + FirstSentence(error.Message)));
            return null;
        }
    }

    private static Paper? ReadRecord(ReadOnlySpan<byte> json, string path, int lineNumber, Action<ParseProblem> onProblem)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            onProblem(new ParseProblem(path, lineNumber, "Expected a JSON object"));
            return null;
        }

        string? arxiv = null, title = null, summary = null, date = null, doi = null, venue = null, url = null, year = null, primaryClass = null, categories = null;
        List<string>? authors = null;
        List<string>? wrongTypes = null;
        var titleWrong = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("title"u8))
            {
                title = ReadText(ref reader, "title", ref wrongTypes);
                titleWrong = reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null);
            }
            else if (name.SequenceEqual("abstract"u8) || name.SequenceEqual("summary"u8))
            {
                summary = ReadText(ref reader, Encoding.UTF8.GetString(name), ref wrongTypes);
            }
            else if (name.SequenceEqual("arxiv_id"u8) || name.SequenceEqual("id"u8))
            {
                arxiv = ReadString(ref reader);
            }
            else if (name.SequenceEqual("authors"u8))
            {
                authors = ReadAuthors(ref reader);
            }
            else if (name.SequenceEqual("date"u8) || name.SequenceEqual("published"u8))
            {
                date = ReadString(ref reader);
            }
            else if (name.SequenceEqual("year"u8))
            {
                year = ReadString(ref reader);
            }
            else if (name.SequenceEqual("doi"u8))
            {
                doi = ReadText(ref reader, "doi", ref wrongTypes);
            }
            else if (name.SequenceEqual("venue"u8))
            {
                venue = ReadText(ref reader, "venue", ref wrongTypes);
            }
            else if (name.SequenceEqual("primary_category"u8) || name.SequenceEqual("primaryClass"u8))
            {
                primaryClass = ReadText(ref reader, Encoding.UTF8.GetString(name), ref wrongTypes);
            }
            else if (name.SequenceEqual("categories"u8))
            {
                // "cs.CL cs.AI" (arXiv metadata dumps) or ["cs.CL", "cs.AI"]: the first is the primary class.
                categories = reader.TokenType == JsonTokenType.StartArray ? string.Join(' ', ReadAuthors(ref reader) ?? []) : ReadText(ref reader, "categories", ref wrongTypes);
            }
            else if (name.SequenceEqual("url"u8))
            {
                url = ReadText(ref reader, "url", ref wrongTypes);
            }
            else
            {
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            onProblem(new ParseProblem(path, lineNumber, "Malformed JSON object"));
            return null;
        }

        if (titleWrong)
        {
            onProblem(new ParseProblem(path, lineNumber, $"Wrong JSON types: {string.Join("; ", wrongTypes!)}; record skipped"));
            return null;
        }

        if (wrongTypes is not null)
        {
            onProblem(new ParseProblem(path, lineNumber, $"Wrong JSON types: {string.Join("; ", wrongTypes)}; those fields ignored"));
        }

        if (string.IsNullOrWhiteSpace(title))
        {
            onProblem(new ParseProblem(path, lineNumber, "Record has no title; skipped"));
            return null;
        }

        string? arxivId = null;
        if (!string.IsNullOrWhiteSpace(arxiv))
        {
            if (ArxivId.TryParse(arxiv, out var parsed, out _))
            {
                arxivId = parsed;
            }
            else
            {
                onProblem(new ParseProblem(path, lineNumber, $"'{Shorten(arxiv)}' is not an arXiv id; ignored"));
            }
        }

        var paper = PaperText.Create(title, summary, new PaperSource(path, SourceFormat.PapersJsonl, lineNumber));
        var cleanDate = PaperText.DateOnly(date);
        return paper with
        {
            ArxivId = arxivId,
            Authors = authors ?? (IReadOnlyList<string>)[],
            Date = cleanDate ?? year,
            Year = PaperText.YearOf(cleanDate) ?? PaperText.YearOf(year),
            Doi = PaperIdentity.NormalizeDoi(doi),
            Venue = string.IsNullOrWhiteSpace(venue) ? null : venue.Trim(),
            Url = string.IsNullOrWhiteSpace(url) ? null : url.Trim(),
            PrimaryClass = ArxivCategory.Normalize(primaryClass) ?? ArxivCategory.FirstOf(categories),
        };
    }

    /// <summary>A field that must be a string (or null); any other JSON type is noted in <paramref name="wrongTypes"/> and yields null.</summary>
    private static string? ReadText(ref Utf8JsonReader reader, string field, ref List<string>? wrongTypes)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Null:
                return null;
            default:
                (wrongTypes ??= []).Add($"\"{field}\" is {JsonKind(reader.TokenType)}, expected a string");
                reader.Skip(); // a container: the reader then sits on its end token
                return null;
        }
    }

    private static string JsonKind(JsonTokenType token) => token switch
    {
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => "not a string",
    };

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return Encoding.UTF8.GetString(reader.ValueSpan);
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return null;
        }
    }

    private static List<string>? ReadAuthors(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var single = reader.GetString();
            return string.IsNullOrWhiteSpace(single) ? null : [.. single.Split([", ", " and "], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        var authors = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                var name = reader.GetString();
                if (!string.IsNullOrWhiteSpace(name))
                {
                    authors.Add(Text.TextNormalizer.Normalize(name));
                }
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                string? name = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var property = reader.ValueSpan;
                    reader.Read();
                    if (property.SequenceEqual("name"u8) && reader.TokenType == JsonTokenType.String)
                    {
                        name = reader.GetString();
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                if (!string.IsNullOrWhiteSpace(name))
                {
                    authors.Add(Text.TextNormalizer.Normalize(name));
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return authors;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..37] + "...";

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
