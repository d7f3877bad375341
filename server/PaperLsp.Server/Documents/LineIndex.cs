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

    // The line starts are stored[i] + (i >= shiftFrom ? shift : 0): an edit that changes no line break only moves the
    // starts after its line, so while edits keep to one line the array is shared from version to version and only the
    // pending shift changes (typing allocates no copy of the starts). Snapshots never write to a shared array.
    private readonly int[] stored;
    private readonly int shiftFrom;
    private readonly int shift;

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
        stored = [.. starts];
        shiftFrom = stored.Length;
    }

    private LineIndex(ChunkedText text, int[] stored, int shiftFrom, int shift)
    {
        this.text = text;
        this.stored = stored;
        this.shiftFrom = shift == 0 ? stored.Length : shiftFrom;
        this.shift = shift;
    }

    /// <summary>Where line <paramref name="line"/> (0 ≤ line &lt; <see cref="LineCount"/>) starts.</summary>
    private int StartOf(int line) => stored[line] + (line >= shiftFrom ? shift : 0);

    /// <summary>True when the next edit's shift can be added to this one's without copying the starts.</summary>
    internal bool SharesStartsWith(LineIndex other) => ReferenceEquals(stored, other.stored);

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
        var keep = Math.Max(1, LowerBound(start)); // 0 always starts the first line
        var after = UpperBound(end);
        var middle = new List<int>();
        AddLineStarts(newText, Math.Max(1, start), Math.Min(newText.Length, start + insertedLength), middle);
        if (SameStarts(middle, keep, after) && (shift == 0 || shiftFrom == after || delta == 0 || after == stored.Length))
        {
            // No line break made or removed (typing within a line): the array is shared, the starts after the edit shift.
            return delta == 0 || after == stored.Length
                ? new LineIndex(newText, stored, shiftFrom, shift)
                : new LineIndex(newText, stored, after, shift + delta);
        }

        var starts = new int[keep + middle.Count + (stored.Length - after)];
        for (var i = 0; i < keep; i++)
        {
            starts[i] = StartOf(i);
        }

        middle.CopyTo(starts, keep);
        for (var i = after; i < stored.Length; i++)
        {
            starts[keep + middle.Count + i - after] = StartOf(i) + delta;
        }

        return new LineIndex(newText, starts, starts.Length, 0);
    }

    /// <summary>True when the starts found at the edit are the old ones it spans, [<paramref name="keep"/>, <paramref name="after"/>).</summary>
    private bool SameStarts(List<int> middle, int keep, int after)
    {
        if (middle.Count != after - keep)
        {
            return false;
        }

        for (var i = 0; i < middle.Count; i++)
        {
            if (middle[i] != StartOf(keep + i))
            {
                return false;
            }
        }

        return true;
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

    /// <summary>The first line whose start is ≥ <paramref name="value"/>.</summary>
    private int LowerBound(int value)
    {
        int low = 0, high = stored.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (StartOf(mid) < value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>The first line whose start is &gt; <paramref name="value"/>.</summary>
    private int UpperBound(int value) => LowerBound(value == int.MaxValue ? value : value + 1);

    /// <summary>Number of lines (a text ending with a line break has an empty last line).</summary>
    public int LineCount => stored.Length;

    /// <summary>Length of the text in UTF-16 code units.</summary>
    public int Length => text.Length;

    /// <summary>Offset where the line starts; lines past the end give the text length.</summary>
    public int LineStart(int line) => line < 0 ? 0 : line >= stored.Length ? text.Length : StartOf(line);

    /// <summary>Offset just after the line's content (before its line break).</summary>
    public int LineContentEnd(int line)
    {
        if (line < 0)
        {
            line = 0;
        }

        if (line >= stored.Length)
        {
            return text.Length;
        }

        var lineStart = StartOf(line);
        var end = line + 1 < stored.Length ? StartOf(line + 1) : text.Length;
        if (end > lineStart && text[end - 1] == '\n')
        {
            end--;
        }

        if (end > lineStart && text[end - 1] == '\r')
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

        if (line >= stored.Length)
        {
            return text.Length;
        }

        var start = StartOf(line);
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
        var line = UpperBound(offset) - 1; // the last line starting at or before the offset (line 0 starts at 0)
        var character = Math.Min(offset, LineContentEnd(line)) - StartOf(line);
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
