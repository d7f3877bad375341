namespace PaperLsp.Ingestion.Parsers;

/// <summary>
/// Splits a byte stream into '\n'-terminated lines without decoding, in bounded memory: a line longer than
/// <see cref="MaxLineBytes"/> is skipped (reported through <see cref="LineTooLong"/>) instead of being buffered.
/// </summary>
internal sealed class Utf8LineReader(Stream stream, int maxLineBytes)
{
    private byte[] buffer = new byte[Math.Min(1 << 20, Math.Max(4096, maxLineBytes))];
    private int start;
    private int end;
    private bool eof;

    public int MaxLineBytes { get; } = maxLineBytes;

    /// <summary>1-based number of the line last returned.</summary>
    public int LineNumber { get; private set; }

    /// <summary>True when the line last returned was cut because it exceeded the limit (its content is then empty).</summary>
    public bool LineTooLong { get; private set; }

    /// <summary>Next line without its terminator ('\n' or "\r\n"); false at end of stream. The memory is valid until the next call.</summary>
    public bool TryReadLine(out ReadOnlyMemory<byte> line)
    {
        LineTooLong = false;
        var searchFrom = start;
        var skipping = false;
        while (true)
        {
            var newline = buffer.AsSpan(searchFrom, end - searchFrom).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineEnd = searchFrom + newline;
                LineNumber++;
                if (skipping)
                {
                    start = lineEnd + 1;
                    line = ReadOnlyMemory<byte>.Empty;
                    LineTooLong = true;
                    return true;
                }

                var contentEnd = lineEnd > start && buffer[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
                line = new ReadOnlyMemory<byte>(buffer, start, contentEnd - start);
                start = lineEnd + 1;
                return true;
            }

            if (eof)
            {
                if (start >= end && !skipping)
                {
                    line = default;
                    return false;
                }

                LineNumber++;
                line = skipping ? ReadOnlyMemory<byte>.Empty : new ReadOnlyMemory<byte>(buffer, start, end - start);
                LineTooLong = skipping;
                start = end;
                return true;
            }

            if (skipping)
            {
                start = end = 0;
            }
            else if (end - start >= MaxLineBytes)
            {
                skipping = true;
                start = end = 0;
            }
            else if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }

            if (end == buffer.Length)
            {
                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxLineBytes + 1));
            }

            searchFrom = end;
            var read = stream.Read(buffer, end, buffer.Length - end);
            if (read == 0)
            {
                eof = true;
            }

            end += read;
        }
    }
}
