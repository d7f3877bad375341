using System.IO.Compression;
using System.Text.Json;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Storage.Indexing;

/// <summary>
/// The reader the indexer uses unless given another: delegates to the ingestion parsers.
/// INTERIM: until PaperLsp.Ingestion's SourceReader lands, reads only the papers JSONL format (.jsonl, .jsonl.gz).
/// </summary>
internal sealed class DefaultSourceReader : IPaperSourceReader
{
    public static DefaultSourceReader Instance { get; } = new();

    public bool IsSupported(string path) => Detect(path) != SourceFormat.Unknown;

    public SourceFormat Detect(string path) =>
        path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase)
            ? SourceFormat.PapersJsonl
            : SourceFormat.Unknown;

    public IEnumerable<Paper> Read(string path, Action<ParseProblem> onProblem)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            Paper? paper = null;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                var title = Str(root, "title");
                if (string.IsNullOrWhiteSpace(title))
                {
                    onProblem(new ParseProblem(path, lineNumber, "record has no title"));
                    continue;
                }

                var date = Str(root, "date");
                paper = new Paper
                {
                    Title = title.Trim(),
                    Abstract = Str(root, "abstract")?.Trim() ?? "",
                    Authors = root.TryGetProperty("authors", out var a) && a.ValueKind == JsonValueKind.Array
                        ? a.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
                        : [],
                    Date = date,
                    Year = date is { Length: >= 4 } && int.TryParse(date.AsSpan(0, 4), out var y) ? y : null,
                    ArxivId = Str(root, "arxiv_id") is { Length: > 0 } id ? IngestionBridge.StripArxivVersion(id) : null,
                    Source = new PaperSource(path, SourceFormat.PapersJsonl, lineNumber),
                };
            }
            catch (JsonException ex)
            {
                onProblem(new ParseProblem(path, lineNumber, "invalid JSON: " + ex.Message));
            }

            if (paper is not null)
            {
                yield return paper;
            }
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
