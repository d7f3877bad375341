using System.Text;
using PaperLsp.Ingestion.Model;
using PaperLsp.Ingestion.Text;

namespace PaperLsp.Ingestion.Parsers;

/// <summary>Reading whole (small) documents as text through <see cref="TextDecoding"/> (BOMs, UTF-8, else Windows-1252 with a warning), size capped.</summary>
internal static class StreamText
{
    /// <summary>Largest document read whole (HTML, JSON, BibTeX, XML are not line-streamable).</summary>
    public const int MaxDocumentChars = 256 * 1024 * 1024;

    public static readonly UTF8Encoding Utf8Lenient = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static string ReadAll(Stream stream, string path, Action<ParseProblem> onProblem)
    {
        var decoded = TextDecoding.Decode(ReadBytes(stream, path, onProblem), path);
        if (decoded.Warning is not null)
        {
            onProblem(new ParseProblem(path, 0, decoded.Warning));
        }

        return decoded.Text;
    }

    /// <summary>The bytes of a whole document as valid UTF-8, BOM removed (see <see cref="TextDecoding.Decode"/> for other encodings).</summary>
    public static byte[] ReadAllUtf8(Stream stream, string path, Action<ParseProblem> onProblem)
    {
        var bytes = ReadBytes(stream, path, onProblem);
        var span = bytes.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }

        if (System.Text.Unicode.Utf8.IsValid(span) && !span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) && !span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return span.ToArray();
        }

        var decoded = TextDecoding.Decode(bytes, path);
        if (decoded.Warning is not null)
        {
            onProblem(new ParseProblem(path, 0, decoded.Warning));
        }

        return Encoding.UTF8.GetBytes(decoded.Text);
    }

    /// <summary>A reader for streamed UTF-8 text (XML): invalid bytes read as Windows-1252 with one warning for the file.</summary>
    public static TextReader OpenStreamed(Stream stream, string path, Action<ParseProblem> onProblem)
    {
        var encoding = new UTF8Encoding(false, false);
        encoding = (UTF8Encoding)encoding.Clone();
        encoding.DecoderFallback = new Cp1252DecoderFallback(() => onProblem(new ParseProblem(path, 0, TextDecoding.FallbackWarning(path))));
        return new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
    }

    private static byte[] ReadBytes(Stream stream, string path, Action<ParseProblem> onProblem)
    {
        using var memory = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (memory.Length + read > MaxDocumentChars)
            {
                onProblem(new ParseProblem(path, 0, $"Document is larger than {MaxDocumentChars / (1024 * 1024)} MB; only the beginning was read"));
                break;
            }

            memory.Write(buffer, 0, read);
        }

        return memory.ToArray();
    }
}
