using System.Text.Json;
using PaperLsp.Ingestion.Identity;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Ingestion.Parsers;

/// <summary>
/// Hugging Face <c>/api/daily_papers</c> responses: a JSON array of items <c>{paper:{id, title, summary, authors[{name}], publishedAt,
/// upvotes, ai_summary, ai_keywords, githubRepo…}, title, publishedAt…}</c> (2024 and 2026 schemas), also an object with
/// <c>dailyPapers</c> (the page's hydration props) or a single paper object. A bad item is reported and skipped.
/// </summary>
public sealed class HuggingFaceApiJsonParser : IPaperSourceParser
{
    /// <inheritdoc />
    public SourceFormat Format => SourceFormat.HuggingFaceApiJson;

    /// <inheritdoc />
    public IEnumerable<Paper> Parse(Stream stream, string path, Action<ParseProblem> onProblem)
    {
        var bytes = StreamText.ReadAllUtf8(stream, path, onProblem);
        return ParseJson(bytes, path, SourceFormat.HuggingFaceApiJson, onProblem);
    }

    internal static List<Paper> ParseJson(ReadOnlyMemory<byte> json, string path, SourceFormat format, Action<ParseProblem> onProblem)
    {
        var papers = new List<Paper>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        }
        catch (JsonException error)
        {
            onProblem(new ParseProblem(path, (int)(error.LineNumber ?? 0) + 1, "Invalid JSON: " + error.Message.Split(". ")[0]));
            return papers;
        }

        using (document)
        {
            var root = document.RootElement;
            IEnumerable<JsonElement> items = root.ValueKind switch
            {
                JsonValueKind.Array => root.EnumerateArray(),
                JsonValueKind.Object when root.TryGetProperty("dailyPapers", out var daily) && daily.ValueKind == JsonValueKind.Array => daily.EnumerateArray(),
                JsonValueKind.Object when root.TryGetProperty("papers", out var list) && list.ValueKind == JsonValueKind.Array => list.EnumerateArray(),
                JsonValueKind.Object => [root],
                _ => [],
            };
            if (root.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
            {
                onProblem(new ParseProblem(path, 1, "Expected a JSON array of daily papers"));
            }

            var index = 0;
            foreach (var item in items)
            {
                index++;
                var paper = ReadItem(item, path, format, index, onProblem);
                if (paper is not null)
                {
                    papers.Add(paper);
                }
            }
        }

        return papers;
    }

    private static Paper? ReadItem(JsonElement item, string path, SourceFormat format, int index, Action<ParseProblem> onProblem)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            onProblem(new ParseProblem(path, 0, $"Item {index} is not an object; skipped"));
            return null;
        }

        var paper = item.TryGetProperty("paper", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : item;
        var title = String(paper, "title") ?? String(item, "title");
        if (string.IsNullOrWhiteSpace(title))
        {
            onProblem(new ParseProblem(path, 0, $"Item {index} has no title; skipped"));
            return null;
        }

        var id = String(paper, "id") ?? String(paper, "arxiv_id");
        string? arxivId = null;
        if (id is not null && ArxivId.TryParse(id, out var parsed, out _))
        {
            arxivId = parsed;
        }

        var date = PaperText.DateOnly(String(paper, "publishedAt") ?? String(item, "publishedAt"));
        var authors = new List<string>();
        if (paper.TryGetProperty("authors", out var authorArray) && authorArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var author in authorArray.EnumerateArray())
            {
                var name = author.ValueKind == JsonValueKind.String ? author.GetString() : String(author, "name");
                if (!string.IsNullOrWhiteSpace(name))
                {
                    authors.Add(Text.TextNormalizer.Normalize(name));
                }
            }
        }

        var keywords = new List<string>();
        if (paper.TryGetProperty("ai_keywords", out var keywordArray) && keywordArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var keyword in keywordArray.EnumerateArray())
            {
                if (keyword.ValueKind == JsonValueKind.String && keyword.GetString() is { Length: > 0 } k)
                {
                    keywords.Add(k.Trim());
                }
            }
        }

        var summary = String(paper, "summary") ?? String(item, "summary");
        var aiSummary = String(paper, "ai_summary");
        var repo = String(paper, "githubRepo") ?? String(item, "githubRepo");
        return PaperText.Create(title, summary, new PaperSource(path, format, index)) with
        {
            ArxivId = arxivId,
            Authors = authors,
            Date = date,
            Year = PaperText.YearOf(date),
            Upvotes = Int(paper, "upvotes") ?? Int(item, "upvotes"),
            AiSummary = string.IsNullOrWhiteSpace(aiSummary) ? null : Text.TextNormalizer.Normalize(aiSummary),
            Keywords = keywords,
            GithubRepo = string.IsNullOrWhiteSpace(repo) ? null : repo.Trim(),
        };
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static int? Int(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetInt32(out var number)
            ? number
            : null;
}
