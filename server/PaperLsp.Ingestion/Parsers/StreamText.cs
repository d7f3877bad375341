using System.Text;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Ingestion.Parsers;

/// <summary>Reading whole (small) documents as text: UTF-8 with BOM detection, invalid bytes replaced, size capped.</summary>
internal static class StreamText
{
    /// <summary>Largest document read whole (HTML, JSON, BibTeX, XML are not line-streamable).</summary>
    public const int MaxDocumentChars = 256 * 1024 * 1024;

    public static readonly UTF8Encoding Utf8Lenient = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static string ReadAll(Stream stream, string path, Action<ParseProblem> onProblem)
    {
        using var reader = new StreamReader(stream, Utf8Lenient, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var builder = new StringBuilder();
        var buffer = new char[64 * 1024];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (builder.Length + read > MaxDocumentChars)
            {
                onProblem(new ParseProblem(path, 0, $"Document is larger than {MaxDocumentChars / (1024 * 1024)} M characters; only the beginning was read"));
                break;
            }

            builder.Append(buffer, 0, read);
        }

        return builder.ToString();
    }

    /// <summary>The bytes of a whole document as valid UTF-8 (invalid sequences replaced by U+FFFD), BOM removed.</summary>
    public static byte[] ReadAllUtf8(Stream stream, string path, Action<ParseProblem> onProblem)
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

        var bytes = memory.ToArray();
        var span = bytes.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = span[3..].ToArray();
        }

        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            onProblem(new ParseProblem(path, 0, "Invalid UTF-8 bytes were replaced by U+FFFD"));
            bytes = Encoding.UTF8.GetBytes(Utf8Lenient.GetString(bytes));
        }

        return bytes;
    }
}
