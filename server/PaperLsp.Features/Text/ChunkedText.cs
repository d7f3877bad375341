using System.Buffers;

namespace PaperLsp.Features.Text;

/// <summary>
/// An immutable text kept as a sequence of chunks (strings of at most <see cref="MaxChunk"/> characters, except a
/// wrapped string, which is one chunk). An edit copies the characters of the chunks it touches and the chunk table
/// (one reference and one offset per chunk), never the whole text: a keystroke in a 2 MB document allocates a few
/// KB. The whole text is materialised at most once per instance (<see cref="ToString"/>), only when a caller asks.
/// </summary>
public sealed class ChunkedText
{
    /// <summary>The longest chunk an edit or <see cref="From"/> makes.</summary>
    public const int MaxChunk = 4096;

    /// <summary>An edited chunk shorter than this is joined with the next one (chunks stay few).</summary>
    private const int MinChunk = MaxChunk / 4;

    private readonly string[] chunks;
    private readonly int[] starts; // starts[i]: offset of chunks[i]; chunks are never empty
    private string? whole;

    private ChunkedText(string[] chunks, int[] starts, int length, string? whole)
    {
        this.chunks = chunks;
        this.starts = starts;
        Length = length;
        this.whole = whole;
    }

    /// <summary>The empty text.</summary>
    public static ChunkedText Empty { get; } = new([], [], 0, "");

    /// <summary>The text cut into chunks of <see cref="MaxChunk"/> (the string is kept as the materialised text).</summary>
    public static ChunkedText From(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return Empty;
        }

        var (chunks, starts) = Split(text.AsSpan(), 0);
        return new ChunkedText(chunks, starts, text.Length, text);
    }

    /// <summary>The string as one chunk, without copying (to read a string through the same code as a document).</summary>
    public static ChunkedText Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? Empty : new ChunkedText([text], [0], text.Length, text);
    }

    /// <summary>Length in UTF-16 code units.</summary>
    public int Length { get; }

    /// <summary>Number of chunks (for tests and diagnostics).</summary>
    public int ChunkCount => chunks.Length;

    /// <summary>The offset where chunk <paramref name="index"/> starts (for tests).</summary>
    internal int ChunkStart(int index) => starts[Math.Clamp(index, 0, starts.Length - 1)];

    /// <summary>The character at <paramref name="index"/>.</summary>
    public char this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Length)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            var c = ChunkAt(index);
            return chunks[c][index - starts[c]];
        }
    }

    /// <summary>The whole text, materialised on first use and kept.</summary>
    public override string ToString()
    {
        if (whole is { } known)
        {
            return known;
        }

        var made = Substring(0, Length);
        return Interlocked.CompareExchange(ref whole, made, null) ?? made;
    }

    /// <summary>True once <see cref="ToString"/> has materialised the text (or it was made from a string).</summary>
    public bool IsMaterialised => whole is not null;

    /// <summary>The characters [start, start + length) as a new string (only those are copied).</summary>
    public string Substring(int start, int length)
    {
        CheckRange(start, length);
        if (whole is { } known)
        {
            return known.Substring(start, length);
        }

        return length == 0 ? "" : string.Create(length, (this, start), static (span, state) => state.Item1.CopyTo(state.start, span));
    }

    /// <summary>Copies the characters from <paramref name="start"/> on into <paramref name="destination"/> (its length of them).</summary>
    public void CopyTo(int start, Span<char> destination)
    {
        CheckRange(start, destination.Length);
        var written = 0;
        var c = destination.Length == 0 ? 0 : ChunkAt(start);
        while (written < destination.Length)
        {
            var from = start + written - starts[c];
            var take = Math.Min(chunks[c].Length - from, destination.Length - written);
            chunks[c].AsSpan(from, take).CopyTo(destination[written..]);
            written += take;
            c++;
        }
    }

    /// <summary>
    /// This text with [<paramref name="start"/>, <paramref name="end"/>) replaced by <paramref name="inserted"/>: the chunks
    /// before and after the edit are shared, the touched ones are rebuilt (and split when the insertion is long).
    /// </summary>
    public ChunkedText Replace(int start, int end, string inserted)
    {
        ArgumentNullException.ThrowIfNull(inserted);
        if (start < 0 || end < start || end > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"[{start}, {end}) is not a range of a text of length {Length}");
        }

        var newLength = Length - (end - start) + inserted.Length;
        if (newLength == 0)
        {
            return Empty;
        }

        if (chunks.Length == 0)
        {
            return From(inserted);
        }

        // Chunks [first, last] are rebuilt: those holding start and end - 1 (the one holding start alone for an insertion),
        // and the next one when the rebuilt text would be short.
        var first = start == Length ? chunks.Length - 1 : ChunkAt(start);
        var last = end > start ? ChunkAt(end - 1) : first;
        var head = chunks[first].AsSpan(0, start - starts[first]);
        var tail = chunks[last].AsSpan(end - starts[last]);
        var middleLength = head.Length + inserted.Length + tail.Length;
        if (middleLength < MinChunk && last + 1 < chunks.Length)
        {
            last++;
            tail = string.Concat(tail, chunks[last]).AsSpan();
            middleLength = head.Length + inserted.Length + tail.Length;
        }

        var middle = middleLength <= 256 ? null : ArrayPool<char>.Shared.Rent(middleLength);
        Span<char> buffer = middle is null ? stackalloc char[middleLength] : middle.AsSpan(0, middleLength);
        head.CopyTo(buffer);
        inserted.AsSpan().CopyTo(buffer[head.Length..]);
        tail.CopyTo(buffer[(head.Length + inserted.Length)..]);
        var (pieces, pieceStarts) = Split(buffer, starts[first]);
        if (middle is not null)
        {
            ArrayPool<char>.Shared.Return(middle);
        }

        var delta = newLength - Length;
        var after = chunks.Length - (last + 1);
        var newChunks = new string[first + pieces.Length + after];
        var newStarts = new int[newChunks.Length];
        Array.Copy(chunks, newChunks, first);
        Array.Copy(starts, newStarts, first);
        Array.Copy(pieces, 0, newChunks, first, pieces.Length);
        Array.Copy(pieceStarts, 0, newStarts, first, pieces.Length);
        Array.Copy(chunks, last + 1, newChunks, first + pieces.Length, after);
        for (var i = 0; i < after; i++)
        {
            newStarts[first + pieces.Length + i] = starts[last + 1 + i] + delta;
        }

        return new ChunkedText(newChunks, newStarts, newLength, null);
    }

    /// <summary>The first index in [from, to) of a character of <paramref name="values"/>, or -1.</summary>
    public int IndexOfAny(SearchValues<char> values, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(values);
        from = Math.Max(0, from);
        to = Math.Min(Length, to);
        if (from >= to)
        {
            return -1;
        }

        for (var c = ChunkAt(from); c < chunks.Length && starts[c] < to; c++)
        {
            var lo = Math.Max(from, starts[c]) - starts[c];
            var hi = Math.Min(to, starts[c] + chunks[c].Length) - starts[c];
            var found = chunks[c].AsSpan(lo, hi - lo).IndexOfAny(values);
            if (found >= 0)
            {
                return starts[c] + lo + found;
            }
        }

        return -1;
    }

    /// <summary>The last index in [from, to) of a character of <paramref name="values"/>, or -1.</summary>
    public int LastIndexOfAny(SearchValues<char> values, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(values);
        from = Math.Max(0, from);
        to = Math.Min(Length, to);
        if (from >= to)
        {
            return -1;
        }

        for (var c = ChunkAt(to - 1); c >= 0 && starts[c] + chunks[c].Length > from; c--)
        {
            var lo = Math.Max(from, starts[c]) - starts[c];
            var hi = Math.Min(to, starts[c] + chunks[c].Length) - starts[c];
            var found = chunks[c].AsSpan(lo, hi - lo).LastIndexOfAny(values);
            if (found >= 0)
            {
                return starts[c] + lo + found;
            }
        }

        return -1;
    }

    /// <summary>The number of leading characters this text and <paramref name="other"/> share (shared chunks are skipped whole).</summary>
    public int CommonPrefixLength(ChunkedText other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var max = Math.Min(Length, other.Length);
        var done = 0;
        var i = 0;
        var j = 0;
        while (i < chunks.Length && j < other.chunks.Length && starts[i] == done && other.starts[j] == done && ReferenceEquals(chunks[i], other.chunks[j]))
        {
            done += chunks[i].Length;
            i++;
            j++;
        }

        return done + Compare(other, done, max - done, fromEnd: false);
    }

    /// <summary>The number of trailing characters this text and <paramref name="other"/> share, at most <paramref name="max"/>.</summary>
    public int CommonSuffixLength(ChunkedText other, int max)
    {
        ArgumentNullException.ThrowIfNull(other);
        max = Math.Min(max, Math.Min(Length, other.Length));
        var done = 0;
        var i = chunks.Length - 1;
        var j = other.chunks.Length - 1;
        while (i >= 0 && j >= 0 && ReferenceEquals(chunks[i], other.chunks[j]) && Length - starts[i] - chunks[i].Length == done
            && other.Length - other.starts[j] - other.chunks[j].Length == done && done + chunks[i].Length <= max)
        {
            done += chunks[i].Length;
            i--;
            j--;
        }

        return done + Compare(other, done, max - done, fromEnd: true);
    }

    /// <summary>How many characters agree, a block at a time, from <paramref name="skip"/> characters in (from the start or the end).</summary>
    private int Compare(ChunkedText other, int skip, int room, bool fromEnd)
    {
        const int Block = 2048;
        Span<char> a = stackalloc char[Block];
        Span<char> b = stackalloc char[Block];
        var same = 0;
        while (same < room)
        {
            var length = Math.Min(Block, room - same);
            var at = skip + same;
            CopyTo(fromEnd ? Length - at - length : at, a[..length]);
            other.CopyTo(fromEnd ? other.Length - at - length : at, b[..length]);
            if (fromEnd)
            {
                var k = length - 1;
                while (k >= 0 && a[k] == b[k])
                {
                    k--;
                }

                same += length - 1 - k;
                if (k >= 0)
                {
                    break;
                }
            }
            else
            {
                var common = a[..length].CommonPrefixLength(b[..length]);
                same += common;
                if (common < length)
                {
                    break;
                }
            }
        }

        return same;
    }

    /// <summary>The chunk holding <paramref name="index"/> (0 ≤ index &lt; Length).</summary>
    private int ChunkAt(int index)
    {
        var found = Array.BinarySearch(starts, index);
        return found >= 0 ? found : ~found - 1;
    }

    private void CheckRange(int start, int length)
    {
        if (start < 0 || length < 0 || start > Length - length)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"[{start}, {start + length}) is not a range of a text of length {Length}");
        }
    }

    /// <summary>The characters as chunks of at most <see cref="MaxChunk"/>, of near-equal length, the first at <paramref name="offset"/>.</summary>
    private static (string[] Chunks, int[] Starts) Split(ReadOnlySpan<char> text, int offset)
    {
        if (text.Length == 0)
        {
            return ([], []);
        }

        var count = (text.Length + MaxChunk - 1) / MaxChunk;
        var size = (text.Length + count - 1) / count;
        var chunks = new string[count];
        var starts = new int[count];
        for (var i = 0; i < count; i++)
        {
            var from = i * size;
            var length = Math.Min(size, text.Length - from);
            chunks[i] = text.Slice(from, length).ToString();
            starts[i] = offset + from;
        }

        return (chunks, starts);
    }
}
