using System.IO.Compression;
using System.Text;
using PaperLsp.Ingestion.Bibtex;
using PaperLsp.Ingestion.Model;
using PaperLsp.Ingestion.Parsers;

namespace PaperLsp.Ingestion;

/// <summary>
/// The entry point for reading paper sources. Detects the format from the file name and by sniffing the first bytes,
/// decompresses <c>.gz</c> transparently, streams papers, and reports every problem (including unreadable files) through
/// <c>onProblem</c> instead of throwing.
/// Supported: .html/.htm (HF papers page), .json (HF daily_papers API or CSL-JSON, sniffed), .csl.json, .jsonl (papers records),
/// .xml/.atom (arXiv Atom or DBLP XML, sniffed), .bib, .txt (HF listing text); each optionally .gz.
/// </summary>
public static class SourceReader
{
    private const int SniffBytes = 64 * 1024;

    private static readonly string[] Extensions = [".html", ".htm", ".json", ".jsonl", ".ndjson", ".xml", ".atom", ".bib", ".txt"];

    /// <summary>Whether a directory scan should pick this file up (by name; no I/O).</summary>
    public static bool IsSupported(string path)
    {
        var name = StripGz(Path.GetFileName(path ?? ""));
        return Extensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The format of a file: by extension, refined by sniffing its first bytes; Unknown when unsupported or unreadable.</summary>
    public static SourceFormat Detect(string path)
    {
        try
        {
            using var stream = OpenDecompressed(path);
            var head = ReadHead(stream);
            return Detect(path, head);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException or NotSupportedException)
        {
            return SourceFormat.Unknown;
        }
    }

    /// <summary>Papers in the file at <paramref name="path"/>, streamed. Problems (also a missing/unreadable file or an unknown format) go to <paramref name="onProblem"/>.</summary>
    public static IEnumerable<Paper> Read(string path, Action<ParseProblem> onProblem)
    {
        ArgumentNullException.ThrowIfNull(onProblem);
        SourceFormat format;
        try
        {
            using var sniff = OpenDecompressed(path);
            format = Detect(path, ReadHead(sniff));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException or NotSupportedException)
        {
            onProblem(new ParseProblem(path, 0, "Cannot read file: " + error.Message));
            return [];
        }

        if (format == SourceFormat.Unknown)
        {
            onProblem(new ParseProblem(path, 0, "Unsupported or unrecognised file format"));
            return [];
        }

        return ReadFile(path, format, onProblem);
    }

    /// <summary>
    /// The papers of a line-per-record file (papers JSONL) after line <paramref name="line"/>, without parsing the lines
    /// before it; null for formats whose records are not one a line (read those from the start).
    /// </summary>
    public static IEnumerable<Paper>? ReadAfterLine(string path, SourceFormat format, int line, Action<ParseProblem> onProblem)
    {
        ArgumentNullException.ThrowIfNull(onProblem);
        return format == SourceFormat.PapersJsonl ? ReadJsonlAfterLine(path, line, onProblem) : null;
    }

    private static IEnumerable<Paper> ReadJsonlAfterLine(string path, int line, Action<ParseProblem> onProblem) =>
        ReadOpened(path, onProblem, stream => Guarded(() => new PapersJsonlParser().Parse(stream, path, onProblem, line), path, onProblem));

    /// <summary>Papers in an already opened stream of a known format (decompressed first when it starts with the gzip magic).</summary>
    public static IEnumerable<Paper> Read(Stream stream, string path, SourceFormat format, Action<ParseProblem> onProblem)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(onProblem);
        var parser = CreateParser(format);
        if (parser is null)
        {
            onProblem(new ParseProblem(path, 0, $"No parser for format {format}"));
            return [];
        }

        Stream decoded;
        try
        {
            // Opening reads the first bytes: a gzip header it cannot decompress fails here, before the guarded reading.
            decoded = Text.TextDecoding.Utf8Stream(MaybeDecompress(stream));
        }
        catch (Exception error) when (error is IOException or InvalidDataException or DecoderFallbackException)
        {
            onProblem(new ParseProblem(path, 0, "Cannot read file: " + error.Message));
            return [];
        }

        return Guarded(() => parser.Parse(decoded, path, onProblem), path, onProblem);
    }

    /// <summary>The parser for a format, or null for <see cref="SourceFormat.Unknown"/>.</summary>
    public static IPaperSourceParser? CreateParser(SourceFormat format) => format switch
    {
        SourceFormat.HuggingFaceHtml => new HuggingFaceHtmlParser(),
        SourceFormat.HuggingFaceApiJson => new HuggingFaceApiJsonParser(),
        SourceFormat.ListingText => new ListingTextParser(),
        SourceFormat.ArxivAtom => new ArxivAtomParser(),
        SourceFormat.Bibtex => new BibtexParser(),
        SourceFormat.CslJson => new CslJsonParser(),
        SourceFormat.PapersJsonl => new PapersJsonlParser(),
        SourceFormat.DblpXml => new DblpXmlParser(),
        _ => null,
    };

    private static IEnumerable<Paper> ReadFile(string path, SourceFormat format, Action<ParseProblem> onProblem) =>
        ReadOpened(path, onProblem, stream => Read(stream, path, format, onProblem));

    /// <summary>Opens the file (decompressed), reports it as one problem when it cannot be read, and reads it with
    /// <paramref name="read"/>, disposing the stream when the papers have been enumerated.</summary>
    private static IEnumerable<Paper> ReadOpened(string path, Action<ParseProblem> onProblem, Func<Stream, IEnumerable<Paper>> read)
    {
        Stream stream;
        try
        {
            stream = OpenDecompressed(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidDataException or DecoderFallbackException)
        {
            onProblem(new ParseProblem(path, 0, "Cannot read file: " + error.Message));
            yield break;
        }

        using (stream)
        {
            foreach (var paper in read(stream))
            {
                yield return paper;
            }
        }
    }

    /// <summary>
    /// Turns I/O, decoding and decompression failures in the middle of a stream into a problem that ends the source, and a
    /// record without a title into a problem instead of a paper. The parser is started inside the guard: a parser that
    /// reads its whole input when called (HTML) fails the same way as one that reads it record by record.
    /// </summary>
    private static IEnumerable<Paper> Guarded(Func<IEnumerable<Paper>> parse, string path, Action<ParseProblem> onProblem)
    {
        IEnumerator<Paper> started;
        try
        {
            started = parse().GetEnumerator();
        }
        catch (Exception error) when (error is IOException or InvalidDataException or UnauthorizedAccessException or DecoderFallbackException)
        {
            onProblem(new ParseProblem(path, 0, "Reading stopped: " + error.Message));
            yield break;
        }

        using var enumerator = started;
        while (true)
        {
            try
            {
                if (!enumerator.MoveNext())
                {
                    yield break;
                }
            }
            catch (Exception error) when (error is IOException or InvalidDataException or UnauthorizedAccessException or DecoderFallbackException)
            {
                onProblem(new ParseProblem(path, 0, "Reading stopped: " + error.Message));
                yield break;
            }

            // Every parser's records pass here: one rule for all of them, a paper has a title.
            var paper = enumerator.Current;
            if (string.IsNullOrWhiteSpace(paper.Title))
            {
                onProblem(new ParseProblem(path, paper.Source.Line, "Record has no title; skipped"));
                continue;
            }

            yield return paper;
        }
    }

    private static Stream OpenDecompressed(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, FileOptions.SequentialScan);
        return Text.TextDecoding.Utf8Stream(MaybeDecompress(file));
    }

    private static Stream MaybeDecompress(Stream stream)
    {
        if (stream is GZipStream or Text.Utf8SourceStream)
        {
            return stream;
        }

        var buffered = stream.CanSeek ? stream : new BufferedStream(stream, 64 * 1024);
        if (buffered.CanSeek)
        {
            var position = buffered.Position;
            var first = buffered.ReadByte();
            var second = buffered.ReadByte();
            buffered.Position = position;
            return first == 0x1f && second == 0x8b ? new GZipStream(buffered, CompressionMode.Decompress) : buffered;
        }

        return buffered;
    }

    private static byte[] ReadHead(Stream stream)
    {
        var buffer = new byte[SniffBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        return buffer[..total];
    }

    internal static SourceFormat Detect(string path, ReadOnlySpan<byte> head)
    {
        var name = StripGz(Path.GetFileName(path)).ToLowerInvariant();
        var text = StreamText.Utf8Lenient.GetString(head).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (name.EndsWith(".csl.json", StringComparison.Ordinal))
        {
            return SourceFormat.CslJson;
        }

        if (name.EndsWith(".jsonl", StringComparison.Ordinal) || name.EndsWith(".ndjson", StringComparison.Ordinal))
        {
            return SourceFormat.PapersJsonl;
        }

        if (name.EndsWith(".bib", StringComparison.Ordinal))
        {
            return SourceFormat.Bibtex;
        }

        if (name.EndsWith(".html", StringComparison.Ordinal) || name.EndsWith(".htm", StringComparison.Ordinal))
        {
            return SourceFormat.HuggingFaceHtml;
        }

        if (name.EndsWith(".txt", StringComparison.Ordinal))
        {
            // Any .txt in a folder is not a paper listing: only text that looks like one is read as one.
            return ListingTextParser.LooksLikeListing(text) ? SourceFormat.ListingText : SourceFormat.Unknown;
        }

        if (name.EndsWith(".xml", StringComparison.Ordinal) || name.EndsWith(".atom", StringComparison.Ordinal))
        {
            return SniffXml(text);
        }

        if (name.EndsWith(".json", StringComparison.Ordinal))
        {
            return SniffJson(text);
        }

        // No known extension: content decides.
        if (text.StartsWith('<'))
        {
            var xml = SniffXml(text);
            return xml != SourceFormat.Unknown ? xml : text.Contains("<html", StringComparison.OrdinalIgnoreCase) ? SourceFormat.HuggingFaceHtml : SourceFormat.Unknown;
        }

        if (text.StartsWith('{') || text.StartsWith('['))
        {
            return SniffJson(text);
        }

        if (text.StartsWith('@') || text.StartsWith('%'))
        {
            return SourceFormat.Bibtex;
        }

        return SourceFormat.Unknown;
    }

    private static SourceFormat SniffXml(string text)
    {
        if (text.Contains("<feed", StringComparison.Ordinal))
        {
            return SourceFormat.ArxivAtom;
        }

        if (text.Contains("<hits", StringComparison.Ordinal) || text.Contains("<result", StringComparison.Ordinal))
        {
            return SourceFormat.DblpXml;
        }

        return SourceFormat.Unknown;
    }

    private static SourceFormat SniffJson(string text)
    {
        if (text.StartsWith('{'))
        {
            var firstLineEnd = text.IndexOf('\n', StringComparison.Ordinal);
            if (firstLineEnd > 0 && text[..firstLineEnd].TrimEnd().EndsWith('}') && text[(firstLineEnd + 1)..].TrimStart().StartsWith('{'))
            {
                return SourceFormat.PapersJsonl;
            }

            if (text.Contains("\"dailyPapers\"", StringComparison.Ordinal) || text.Contains("\"paper\"", StringComparison.Ordinal))
            {
                return SourceFormat.HuggingFaceApiJson;
            }

            if (text.Contains("\"arxiv_id\"", StringComparison.Ordinal))
            {
                return SourceFormat.PapersJsonl;
            }
        }

        if (text.Contains("\"issued\"", StringComparison.Ordinal) || text.Contains("\"container-title\"", StringComparison.Ordinal)
            || text.Contains("\"citation-key\"", StringComparison.Ordinal) || (text.Contains("\"type\"", StringComparison.Ordinal) && text.Contains("\"family\"", StringComparison.Ordinal)))
        {
            return SourceFormat.CslJson;
        }

        if (text.Contains("\"paper\"", StringComparison.Ordinal) || text.Contains("\"publishedAt\"", StringComparison.Ordinal)
            || text.Contains("\"upvotes\"", StringComparison.Ordinal))
        {
            return SourceFormat.HuggingFaceApiJson;
        }

        // Other JSON (package.json, settings) is not a paper source unless its objects have titles.
        return (text.StartsWith('[') || text.StartsWith('{')) && text.Contains("\"title\"", StringComparison.Ordinal)
            ? SourceFormat.HuggingFaceApiJson
            : SourceFormat.Unknown;
    }

    private static string StripGz(string name) =>
        name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name[..^3] : name;
}
