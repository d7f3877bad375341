using PaperLsp.Server.Protocol;

namespace PaperLsp.Server.Documents;

/// <summary>
/// Maps LSP positions (line, UTF-16 code unit) to offsets in a string and back. Line breaks are "\r\n",
/// "\n" and a lone "\r". Out-of-range positions clamp: a character past the line end goes to the line end
/// (before its line break), a line past the end goes to the end of the text, and a character that falls
/// between the two halves of a surrogate pair moves to the start of the pair.
/// </summary>
public sealed class LineIndex
{
    private readonly string text;
    private readonly int[] lineStarts;

    public LineIndex(string text)
    {
        this.text = text;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                starts.Add(i + 1);
            }
            else if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                starts.Add(i + 1);
            }
        }

        lineStarts = [.. starts];
    }

    /// <summary>Number of lines (a text ending with a line break has an empty last line).</summary>
    public int LineCount => lineStarts.Length;

    /// <summary>Length of the text in UTF-16 code units.</summary>
    public int Length => text.Length;

    /// <summary>Offset where the line starts; lines past the end give the text length.</summary>
    public int LineStart(int line) => line < 0 ? 0 : line >= lineStarts.Length ? text.Length : lineStarts[line];

    /// <summary>Offset just after the line's content (before its line break).</summary>
    public int LineContentEnd(int line)
    {
        if (line < 0)
        {
            line = 0;
        }

        if (line >= lineStarts.Length)
        {
            return text.Length;
        }

        var end = line + 1 < lineStarts.Length ? lineStarts[line + 1] : text.Length;
        if (end > lineStarts[line] && text[end - 1] == '\n')
        {
            end--;
        }

        if (end > lineStarts[line] && text[end - 1] == '\r')
        {
            end--;
        }

        return end;
    }

    /// <summary>The offset of a position, clamped as described on the type.</summary>
    public int ToOffset(Position position) => ToOffset(position.Line, position.Character);

    /// <inheritdoc cref="ToOffset(Position)"/>
    public int ToOffset(int line, int character)
    {
        if (line < 0)
        {
            return 0;
        }

        if (line >= lineStarts.Length)
        {
            return text.Length;
        }

        var start = lineStarts[line];
        var contentEnd = LineContentEnd(line);
        var offset = start + Math.Clamp(character, 0, contentEnd - start);
        if (offset > start && offset < text.Length && char.IsHighSurrogate(text[offset - 1]) && char.IsLowSurrogate(text[offset]))
        {
            offset--;
        }

        return offset;
    }

    /// <summary>The position of an offset (clamped to the text); an offset inside a "\r\n" maps to the line end.</summary>
    public Position ToPosition(int offset)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var line = Array.BinarySearch(lineStarts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        var character = Math.Min(offset, LineContentEnd(line)) - lineStarts[line];
        return new Position(line, character);
    }

    /// <summary>The offsets of a range, start before end even when the range is reversed.</summary>
    public (int Start, int End) ToOffsets(Protocol.Range range)
    {
        var start = ToOffset(range.Start);
        var end = ToOffset(range.End);
        return start <= end ? (start, end) : (end, start);
    }

    /// <summary>The range covering two offsets.</summary>
    public Protocol.Range ToRange(int start, int end) => new(ToPosition(start), ToPosition(end));
}
