using System.Buffers;
using CsCheck;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Tests;

/// <summary>Random edit sequences on the chunked text give what the same edits on a plain string give.</summary>
public sealed class ChunkedTextTests
{
    // Surrogate pairs (split by edits and chunk cuts), CRLF and lone CR/LF, ordinary letters.
    private static readonly Gen<string> Piece = Gen.OneOf(
        Gen.Const("😀"), Gen.Const("\r\n"), Gen.Const("\r"), Gen.Const("\n"), Gen.Const("\uD83D"), Gen.Const("\uDE00"),
        Gen.String[Gen.Char["abc $%\\{}"], 1, 12]);

    private static readonly Gen<string> Short = Piece.Array[0, 6].Select(string.Concat);

    /// <summary>A text of 0–3 chunks' worth of pieces (chunk boundaries fall among them).</summary>
    private static readonly Gen<string> Start = Gen.OneOf(
        Short,
        Gen.Int[0, 2_500].SelectMany(n => Piece.Array[n, n].Select(string.Concat)));

    /// <summary>An edit as fractions of the current length (near a chunk boundary when the flag says so) and the insertion.</summary>
    private static readonly Gen<(double At, int Span, bool NearBoundary, int Jitter, string Inserted, bool Long)> Edit =
        Gen.Select(Gen.Double[0, 1], Gen.Int[0, 40], Gen.Bool, Gen.Int[-2, 2], Short, Gen.Int[0, 9].Select(i => i == 0));

    [Fact]
    public void Random_edit_sequences_give_the_string_edits_give() =>
        Gen.Select(Start, Edit.Array[1, 40]).Sample(sample =>
        {
            var (start, edits) = sample;
            var expected = start;
            var text = ChunkedText.From(start);
            foreach (var (at, span, nearBoundary, jitter, insertedShort, isLong) in edits)
            {
                var from = nearBoundary && text.ChunkCount > 0
                    ? Math.Clamp(text.ChunkStart((int)(at * text.ChunkCount)) + jitter, 0, expected.Length)
                    : (int)(at * expected.Length);
                var to = Math.Min(expected.Length, from + span);
                var inserted = isLong ? string.Concat(Enumerable.Repeat(insertedShort + "x", 900)) : insertedShort;
                var (before, beforeExpected) = (text, expected);
                expected = expected[..from] + inserted + expected[to..];
                text = text.Replace(from, to, inserted);
                if (!Agrees(text, expected) || before.Substring(0, before.Length) != beforeExpected) // the old version is unchanged
                {
                    return false;
                }
            }

            return true;
        }, iter: 400);

    [Fact]
    public void Searches_and_shared_prefix_and_suffix_agree_with_the_string_ones() =>
        Gen.Select(Start, Edit, Gen.Double[0, 1], Gen.Double[0, 1]).Sample(sample =>
        {
            var (start, (at, span, _, _, inserted, _), a, b) = sample;
            var text = ChunkedText.From(start);
            var from = (int)(at * start.Length);
            var to = Math.Min(start.Length, from + span);
            var edited = text.Replace(from, to, inserted);
            var editedString = start[..from] + inserted + start[to..];
            var lo = (int)(Math.Min(a, b) * editedString.Length);
            var hi = (int)(Math.Max(a, b) * editedString.Length);
            var values = SearchValues.Create("\r\n😀$");
            var span1 = editedString.AsSpan(lo, hi - lo);
            var first = span1.IndexOfAny(values) is var f and >= 0 ? lo + f : -1;
            var last = span1.LastIndexOfAny(values) is var l and >= 0 ? lo + l : -1;
            var max = Math.Min(start.Length, editedString.Length);
            var prefix = start.AsSpan(0, max).CommonPrefixLength(editedString.AsSpan(0, max));
            var suffix = 0;
            while (suffix < max - prefix && start[^(suffix + 1)] == editedString[^(suffix + 1)])
            {
                suffix++;
            }

            return edited.IndexOfAny(values, lo, hi) == first
                && edited.LastIndexOfAny(values, lo, hi) == last
                && text.CommonPrefixLength(edited) == prefix
                && text.CommonSuffixLength(edited, max - prefix) == suffix
                && edited.Substring(lo, hi - lo) == editedString[lo..hi];
        }, iter: 3000);

    [Fact]
    public void An_edit_copies_the_chunks_it_touches_not_the_text()
    {
        var text = ChunkedText.From(new string('a', 2_300_000));
        var edited = text.Replace(1_000_000, 1_000_000, "b");
        Assert.False(edited.IsMaterialised);
        Assert.InRange(edited.ChunkCount, text.ChunkCount, text.ChunkCount + 2);
        Assert.Equal('b', edited[1_000_000]);
        Assert.Equal(2_300_001, edited.Length);
        Assert.Equal(1_000_000, text.CommonPrefixLength(edited));
    }

    private static bool Agrees(ChunkedText text, string expected)
    {
        if (text.Length != expected.Length || text.Substring(0, text.Length) != expected)
        {
            return false;
        }

        for (var i = 0; i < text.ChunkCount; i++)
        {
            var length = (i + 1 < text.ChunkCount ? text.ChunkStart(i + 1) : text.Length) - text.ChunkStart(i);
            if (length <= 0 || length > ChunkedText.MaxChunk)
            {
                return false;
            }
        }

        for (var k = 0; k < expected.Length; k += 1 + (expected.Length / 50))
        {
            if (text[k] != expected[k])
            {
                return false;
            }
        }

        return text.ToString() == expected;
    }
}
