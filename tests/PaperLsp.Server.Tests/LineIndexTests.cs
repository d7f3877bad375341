using CsCheck;
using PaperLsp.Server.Documents;
using PaperLsp.Server.Protocol;

namespace PaperLsp.Server.Tests;

public sealed class LineIndexTests
{
    public static TheoryData<string, int, int, int> PositionCases => new()
    {
        // text, line, character, expected offset
        { "", 0, 0, 0 },
        { "", 3, 7, 0 },
        { "abc", 0, 2, 2 },
        { "abc", 0, 99, 3 },
        { "ab\ncd", 1, 1, 4 },
        { "ab\ncd", 0, 5, 2 },            // past line end clamps before the \n
        { "ab\r\ncd", 0, 3, 2 },          // past line end clamps before the \r\n
        { "ab\r\ncd", 1, 0, 4 },
        { "ab\rcd", 1, 1, 4 },            // lone CR is a line break
        { "ab\n", 1, 0, 3 },              // empty last line
        { "ab\n", 5, 0, 3 },              // line past EOF clamps to the end
        { "é\nx", 0, 1, 1 },              // é is one UTF-16 unit
        { "a😀b", 0, 1, 1 },              // before the pair
        { "a😀b", 0, 2, 1 },              // inside the surrogate pair: to its start
        { "a😀b", 0, 3, 3 },              // after the pair
        { "a😀b", 0, 4, 4 },
        { "x\n\u4e2d😀\r\nz", 1, 3, 5 },
        { "abc", -1, 0, 0 },
        { "abc", 0, -4, 0 },
    };

    [Theory]
    [MemberData(nameof(PositionCases))]
    public void Position_maps_to_offset(string text, int line, int character, int expected) =>
        Assert.Equal(expected, new LineIndex(text).ToOffset(new Position(line, character)));

    public static TheoryData<string, int, int, int> OffsetCases => new()
    {
        // text, offset, expected line, expected character
        { "ab\r\ncd", 2, 0, 2 },
        { "ab\r\ncd", 3, 0, 2 },          // between \r and \n: line end
        { "ab\r\ncd", 4, 1, 0 },
        { "ab\rcd\ne", 6, 2, 0 },
        { "a😀b", 3, 0, 3 },
        { "abc", 99, 0, 3 },
        { "abc", -2, 0, 0 },
        { "\n\n", 2, 2, 0 },
    };

    [Theory]
    [MemberData(nameof(OffsetCases))]
    public void Offset_maps_to_position(string text, int offset, int line, int character) =>
        Assert.Equal(new Position(line, character), new LineIndex(text).ToPosition(offset));

    [Theory]
    [InlineData("a\nb\r\nc\rd", 4)]
    [InlineData("", 1)]
    [InlineData("\r\n", 2)]
    [InlineData("\n\r", 3)]
    [InlineData("x\r\r\n", 3)]
    public void Counts_lines_for_every_break_kind(string text, int lines) => Assert.Equal(lines, new LineIndex(text).LineCount);

    /// <summary>Strings rich in line breaks, surrogate pairs, lone surrogates and multi-byte characters.</summary>
    internal static readonly Gen<string> TrickyText =
        Gen.OneOf(
            Gen.Const("\r\n"), Gen.Const("\n"), Gen.Const("\r"), Gen.Const("😀"), Gen.Const("é"), Gen.Const("\u4e2d"),
            Gen.Const("\ud800"), Gen.Char['a', 'z'].Select(c => c.ToString()), Gen.Const(" "), Gen.Const("\\cite{"))
        .Array[0, 60].Select(parts => string.Concat(parts));

    private static bool IsBoundary(string text, int offset) =>
        offset <= 0 || offset >= text.Length ||
        !(text[offset - 1] == '\r' && text[offset] == '\n') &&
        !(char.IsHighSurrogate(text[offset - 1]) && char.IsLowSurrogate(text[offset]));

    [Fact]
    public void Offset_to_position_to_offset_roundtrips_on_character_boundaries() =>
        TrickyText.SelectMany(t => Gen.Int[0, t.Length].Select(o => (t, o)))
            .Where(x => IsBoundary(x.t, x.o))
            .Sample(x =>
            {
                var index = new LineIndex(x.t);
                return index.ToOffset(index.ToPosition(x.o)) == x.o;
            }, iter: 3000);

    [Fact]
    public void Any_position_clamps_to_a_boundary_that_maps_back_to_itself() =>
        TrickyText.Select(Gen.Int[-2, 70], Gen.Int[-2, 70])
            .Sample((text, line, character) =>
            {
                var index = new LineIndex(text);
                var offset = index.ToOffset(line, character);
                var position = index.ToPosition(offset);
                return offset >= 0 && offset <= text.Length && IsBoundary(text, offset) && index.ToOffset(position) == offset;
            }, iter: 3000);

    [Fact]
    public void Line_count_matches_a_split_on_all_break_kinds() =>
        TrickyText.Sample(text => new LineIndex(text).LineCount == text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n').Length, iter: 2000);

    [Fact]
    public void An_index_updated_by_an_edit_equals_the_index_built_from_the_edited_text() =>
        Gen.Select(TrickyText, Gen.Double[0, 1], Gen.Double[0, 1], TrickyText)
            .Sample((text, a, b, inserted) =>
            {
                // any split point, even inside "\r\n" or a surrogate pair: the index must follow the text exactly
                var start = (int)(Math.Min(a, b) * text.Length);
                var end = (int)(Math.Max(a, b) * text.Length);
                var edited = text[..start] + inserted + text[end..];
                var updated = new LineIndex(text).WithEdit(edited, start, end, inserted.Length);
                return SameIndex(updated, new LineIndex(edited), edited.Length);
            }, iter: 5000);

    [Fact]
    public void An_index_carried_through_a_series_of_edits_equals_the_index_built_from_the_final_text() =>
        Gen.Select(TrickyText, Gen.Select(Gen.Double[0, 1], Gen.Double[0, 1], TrickyText).Array[1, 12])
            .Sample((text, edits) =>
            {
                // edits anywhere, most of them small: the shared starts and their pending shift must follow every one
                var index = new LineIndex(text);
                foreach (var (a, b, inserted) in edits)
                {
                    var start = (int)(Math.Min(a, b) * text.Length);
                    var end = Math.Min(text.Length, start + (int)((Math.Max(a, b) - Math.Min(a, b)) * 3));
                    var piece = inserted.Length > 2 ? inserted[..2] : inserted;
                    var edited = text[..start] + piece + text[end..];
                    index = index.WithEdit(edited, start, end, piece.Length);
                    text = edited;
                    if (!SameIndex(index, new LineIndex(text), text.Length))
                    {
                        return false;
                    }
                }

                return true;
            }, iter: 3000);

    [Fact]
    public void Typing_within_one_line_shares_the_line_starts_and_a_new_line_does_not()
    {
        var text = string.Concat(Enumerable.Repeat("a line of the paper\n", 2000));
        var index = new LineIndex(text);
        var typed = index;
        var offset = 40 * 20 + 5; // inside line 40
        foreach (var c in "citep")
        {
            var edited = text[..offset] + c + text[offset..];
            typed = typed.WithEdit(edited, offset, offset, 1);
            text = edited;
            offset++;
        }

        Assert.True(typed.SharesStartsWith(index)); // fails when an edit within a line copies the starts
        Assert.Equal(new Position(41, 0), typed.ToPosition(41 * 20 + 5));
        Assert.True(SameIndex(typed, new LineIndex(text), text.Length));

        var broken = text[..offset] + "\n" + text[offset..];
        var split = typed.WithEdit(broken, offset, offset, 1);
        Assert.False(split.SharesStartsWith(index));
        Assert.Equal(index.LineCount + 1, split.LineCount);
        Assert.True(SameIndex(split, new LineIndex(broken), broken.Length));
    }

    [Fact]
    public void An_edit_that_does_not_turn_the_text_into_the_new_text_is_refused() =>
        Assert.Throws<ArgumentException>(() => new LineIndex("abc").WithEdit("abcd", 1, 2, 0));

    /// <summary>Same line count, line starts and positions of every offset.</summary>
    internal static bool SameIndex(LineIndex a, LineIndex b, int length)
    {
        if (a.LineCount != b.LineCount || a.Length != b.Length)
        {
            return false;
        }

        for (var line = 0; line < a.LineCount; line++)
        {
            if (a.LineStart(line) != b.LineStart(line) || a.LineContentEnd(line) != b.LineContentEnd(line))
            {
                return false;
            }
        }

        for (var offset = 0; offset <= length; offset++)
        {
            if (a.ToPosition(offset) != b.ToPosition(offset))
            {
                return false;
            }
        }

        return true;
    }
}
