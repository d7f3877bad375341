using System.Text;

namespace PaperLsp.Ingestion.Text;

/// <summary>
/// The one way files become text: a UTF-8 or UTF-16 (LE/BE) byte order mark is honoured; otherwise valid UTF-8 is
/// UTF-8, and anything else is decoded as Windows-1252 (every byte maps to a character, so nothing becomes U+FFFD)
/// with a warning naming the file. Used by ingestion and by the server's .bib reading.
/// </summary>
public static class TextDecoding
{
    // Windows-1252 0x80–0x9F; the rest of the byte range is Latin-1. Undefined bytes keep their C1 code point.
    private static readonly char[] Cp1252High =
    [
        '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021', '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
        '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014', '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
    ];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text of <paramref name="bytes"/> and, when they were not valid UTF-8, the warning to show (naming <paramref name="path"/>).</summary>
    public static DecodedText Decode(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new DecodedText(Encoding.Unicode.GetString(bytes[2..]), "UTF-16LE", null);
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new DecodedText(Encoding.BigEndianUnicode.GetString(bytes[2..]), "UTF-16BE", null);
        }

        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return new DecodedText(StrictUtf8.GetString(bytes), "UTF-8", null);
        }

        return new DecodedText(Windows1252(bytes), "Windows-1252", FallbackWarning(path));
    }

    /// <summary>
    /// A streamed file (line by line or parsed as it is read) as UTF-8 bytes: a UTF-16 LE/BE byte order mark makes the
    /// rest transcoded to UTF-8 (invalid UTF-16 stops reading with a <see cref="DecoderFallbackException"/>, never a silent
    /// U+FFFD); anything else passes through unchanged (a UTF-8 BOM included, which the readers skip; lines that are not
    /// valid UTF-8 are decoded by <see cref="DecodeLine"/> or the parsers as Windows-1252 with one warning).
    /// </summary>
    public static Stream Utf8Stream(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream is Utf8SourceStream)
        {
            return stream;
        }

        var head = new byte[2];
        var got = 0;
        int read;
        while (got < head.Length && (read = stream.Read(head, got, head.Length - got)) > 0)
        {
            got += read;
        }

        if (got == 2 && (head[0], head[1]) is (0xFF, 0xFE) or (0xFE, 0xFF))
        {
            var utf16 = new UnicodeEncoding(bigEndian: head[0] == 0xFE, byteOrderMark: false, throwOnInvalidBytes: true);
            return new Utf8SourceStream([], Encoding.CreateTranscodingStream(stream, utf16, new UTF8Encoding(false), leaveOpen: false));
        }

        return new Utf8SourceStream(head[..got], stream);
    }

    /// <summary>One line of a streamed file: UTF-8 when valid, else Windows-1252 (<paramref name="fellBack"/> set).</summary>
    public static string DecodeLine(ReadOnlySpan<byte> line, ref bool fellBack)
    {
        if (System.Text.Unicode.Utf8.IsValid(line))
        {
            return StrictUtf8.GetString(line);
        }

        fellBack = true;
        return Windows1252(line);
    }

    /// <summary>The warning for a file that was not valid UTF-8.</summary>
    public static string FallbackWarning(string path) =>
        $"{path} is not valid UTF-8: read as Windows-1252 (save it as UTF-8 to be sure accented letters are right)";

    /// <summary>Reads a whole file; null when it does not exist or cannot be read.</summary>
    public static DecodedText? ReadFile(string path)
    {
        try
        {
            return File.Exists(path) ? Decode(File.ReadAllBytes(path), path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Windows-1252 decoding of every byte.</summary>
    public static string Windows1252(ReadOnlySpan<byte> bytes)
    {
        return string.Create(bytes.Length, bytes.ToArray(), static (chars, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var b = source[i];
                chars[i] = b is >= 0x80 and <= 0x9F ? Cp1252High[b - 0x80] : (char)b;
            }
        });
    }
}
