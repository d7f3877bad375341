using System.Buffers;
using PaperLsp.Features.Text;
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
    private static readonly SearchValues<char> LineBreaks = SearchValues.Create("\r\n");

    private readonly ChunkedText text;
    private readonly int[] lineStarts;

    public LineIndex(string text)
        : this(ChunkedText.Of(text ?? throw new ArgumentNullException(nameof(text))))
    {
    }

    public LineIndex(ChunkedText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        this.text = text;
        var starts = new List<int> { 0 };
        AddLineStarts(text, 1, text.Length, starts);
        lineStarts = [.. starts];
    }

    private LineIndex(ChunkedText text, int[] lineStarts)
    {
        this.text = text;
        this.lineStarts = lineStarts;
    }

    /// <summary>
    /// The index of <paramref name="newText"/>, which is this text with [<paramref name="start"/>, <paramref name="end"/>)
    /// replaced by <paramref name="insertedLength"/> characters: line starts before the edit are kept, those after it are
    /// shifted, and only the inserted text (with the characters around it, for "\r\n" pairs the edit makes or splits) is
    /// scanned — a keystroke costs the number of lines, not the length of the text.
    /// </summary>
    public LineIndex WithEdit(string newText, int start, int end, int insertedLength) =>
        WithEdit(ChunkedText.Of(newText ?? throw new ArgumentNullException(nameof(newText))), start, end, insertedLength);

    /// <inheritdoc cref="WithEdit(string, int, int, int)"/>
    public LineIndex WithEdit(ChunkedText newText, int start, int end, int insertedLength)
    {
        ArgumentNullException.ThrowIfNull(newText);
        if (start < 0 || end < start || end > text.Length || insertedLength < 0 || newText.Length != text.Length - (end - start) + insertedLength)
        {
            throw new ArgumentException("the edit does not turn this text into the new text", nameof(newText));
        }

        // A line start s > 0 depends on the characters at s - 1 and s only. Old starts below the edit's start keep their
        // place; old starts after its end move by the length difference; new ones at [start, start + insertedLength]
        // are found in the new text.
        var delta = insertedLength - (end - start);
        var keep = Math.Max(1, LowerBound(lineStarts, start)); // 0 always starts the first line
        var after = UpperBound(lineStarts, end);
        var starts = new List<int>(keep + (lineStarts.Length - after) + 4);
        for (var i = 0; i < keep; i++)
        {
            starts.Add(lineStarts[i]);
        }

        AddLineStarts(newText, Math.Max(1, start), Math.Min(newText.Length, start + insertedLength), starts);
        for (var i = after; i < lineStarts.Length; i++)
        {
            starts.Add(lineStarts[i] + delta);
        }

        return new LineIndex(newText, [.. starts]);
    }

    /// <summary>Adds the line starts s with <paramref name="from"/> ≤ s ≤ <paramref name="to"/> (s ≥ 1) of the text, in order.</summary>
    private static void AddLineStarts(ChunkedText text, int from, int to, List<int> starts)
    {
        // s is a line start when the character before it is '\n', or a '\r' not followed by '\n' at s.
        var k = from - 1;
        while (k < to)
        {
            var found = text.IndexOfAny(LineBreaks, k, to);
            if (found < 0)
            {
                return;
            }

            k = found;
            if (text[k] == '\n' || k + 1 >= text.Length || text[k + 1] != '\n')
            {
                starts.Add(k + 1);
            }

            k++;
        }
    }

    /// <summary>The first index whose value is ≥ <paramref name="value"/>.</summary>
    private static int LowerBound(int[] values, int value)
    {
        var found = Array.BinarySearch(values, value);
        return found >= 0 ? found : ~found;
    }

    /// <summary>The first index whose value is &gt; <paramref name="value"/>.</summary>
    private static int UpperBound(int[] values, int value)
    {
        var found = Array.BinarySearch(values, value);
        return found >= 0 ? found + 1 : ~found;
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
