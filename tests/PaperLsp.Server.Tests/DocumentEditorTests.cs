using Range = PaperLsp.Server.Protocol.Range;
using CsCheck;
using PaperLsp.Server.Documents;
using PaperLsp.Server.Protocol;

namespace PaperLsp.Server.Tests;

public sealed class DocumentEditorTests
{
    [Theory]
    [InlineData("hello world", 0, 6, 0, 11, "there", "hello there")]
    [InlineData("a\r\nb", 0, 1, 1, 0, "", "ab")]
    [InlineData("a\r\nb", 1, 0, 1, 0, "x\ny", "a\r\nx\nyb")]
    [InlineData("a😀b", 0, 1, 0, 3, "-", "a-b")]
    [InlineData("abc", 0, 3, 0, 1, "", "a")]          // reversed range is normalised
    [InlineData("abc", 5, 0, 9, 9, "!", "abc!")]      // past EOF appends
    public void Applies_one_incremental_change(string text, int sl, int sc, int el, int ec, string newText, string expected)
    {
        var change = new TextDocumentContentChangeEvent { Range = new Range(new Position(sl, sc), new Position(el, ec)), Text = newText };
        Assert.Equal(expected, DocumentEditor.Apply(text, change));
    }

    [Fact]
    public void A_change_without_range_replaces_everything() =>
        Assert.Equal("new", DocumentEditor.Apply("old\ntext", new TextDocumentContentChangeEvent { Text = "new" }));

    private static int SnapToBoundary(string text, int offset)
    {
        if (offset > 0 && offset < text.Length &&
            (text[offset - 1] == '\r' && text[offset] == '\n' || char.IsHighSurrogate(text[offset - 1]) && char.IsLowSurrogate(text[offset])))
        {
            return offset - 1;
        }

        return offset;
    }

    [Fact]
    public void Random_incremental_edit_sequences_equal_plain_string_edits()
    {
        var gen = LineIndexTests.TrickyText.SelectMany(start =>
            Gen.Select(Gen.Double[0, 1], Gen.Double[0, 1], LineIndexTests.TrickyText.Select(t => t.Length > 8 ? t[..8] : t), Gen.Bool)
                .Array[1, 12].Select(edits => (start, edits)));
        gen.Sample(sample =>
        {
            var expected = sample.start;
            var changes = new List<TextDocumentContentChangeEvent>();
            foreach (var (a, b, insert, full) in sample.edits)
            {
                if (full && a < 0.1)
                {
                    changes.Add(new TextDocumentContentChangeEvent { Text = insert });
                    expected = insert;
                    continue;
                }

                var start = SnapToBoundary(expected, (int)(Math.Min(a, b) * expected.Length));
                var end = SnapToBoundary(expected, (int)(Math.Max(a, b) * expected.Length));
                var index = new LineIndex(expected);
                changes.Add(new TextDocumentContentChangeEvent { Range = index.ToRange(start, end), Text = insert });
                expected = expected[..start] + insert + expected[end..];
            }

            return DocumentEditor.Apply(sample.start, changes) == expected;
        }, iter: 1500);
    }

    [Fact]
    public void Incremental_edits_of_a_huge_line_carried_from_version_to_version_equal_plain_string_edits()
    {
        // As the didChange handler does: each batch applies to the last version's text and line index.
        var line = PaperLsp.TestSupport.LongLatexLine.Build(300_000, ["a2020x", "b2021y", "c2022z"]);
        var gen = Gen.Select(Gen.Double[0, 1], Gen.Double[0, 0.0005], LineIndexTests.TrickyText.Select(t => t.Length > 6 ? t[..6] : t))
            .Array[1, 4].Array[1, 8];
        gen.Sample(batches =>
        {
            var expected = line;
            var text = line;
            LineIndex? lines = null;
            foreach (var batch in batches)
            {
                var changes = new List<TextDocumentContentChangeEvent>();
                foreach (var (at, length, insert) in batch)
                {
                    var start = SnapToBoundary(expected, (int)(at * expected.Length));
                    var end = SnapToBoundary(expected, Math.Min(expected.Length, start + (int)(length * expected.Length)));
                    changes.Add(new TextDocumentContentChangeEvent { Range = new LineIndex(expected).ToRange(start, end), Text = insert });
                    expected = expected[..start] + insert + expected[end..];
                }

                var applied = DocumentEditor.TryApply(text, ref lines, changes, out var problem);
                if (applied is null || problem is not null || applied != expected)
                {
                    return false;
                }

                text = applied;
            }

            return lines is null || LineIndexTests.SameIndex(lines, new LineIndex(expected), 0);
        }, iter: 150);
    }

    [Fact]
    public void Chunked_documents_carried_from_version_to_version_equal_plain_string_edits()
    {
        // The didChange path: the chunked text and its line index carried across versions, edits often at chunk boundaries.
        var start = string.Concat(Enumerable.Repeat("Line with 😀 and \\cite{a} text.\r\nNext\rline\n", 400));
        var gen = Gen.Select(Gen.Double[0, 1], Gen.Int[0, 12], Gen.Int[-3, 3], Gen.Bool, LineIndexTests.TrickyText.Select(t => t.Length > 6 ? t[..6] : t))
            .Array[1, 4].Array[1, 10];
        gen.Sample(batches =>
        {
            var expected = start;
            var text = PaperLsp.Features.Text.ChunkedText.From(start);
            LineIndex? lines = null;
            foreach (var batch in batches)
            {
                var changes = new List<TextDocumentContentChangeEvent>();
                foreach (var (at, length, jitter, atBoundary, insert) in batch)
                {
                    var from = atBoundary ? (int)(at * expected.Length) / PaperLsp.Features.Text.ChunkedText.MaxChunk * PaperLsp.Features.Text.ChunkedText.MaxChunk + jitter : (int)(at * expected.Length);
                    var s = SnapToBoundary(expected, Math.Clamp(from, 0, expected.Length));
                    var e = SnapToBoundary(expected, Math.Min(expected.Length, s + length));
                    changes.Add(new TextDocumentContentChangeEvent { Range = new LineIndex(expected).ToRange(s, e), Text = insert });
                    expected = expected[..s] + insert + expected[e..];
                }

                var applied = DocumentEditor.TryApply(text, ref lines, changes, out var problem);
                if (applied is null || problem is not null || applied.Length != expected.Length || applied.Substring(0, applied.Length) != expected
                    || lines is null || !LineIndexTests.SameIndex(lines, new LineIndex(expected), expected.Length))
                {
                    return false;
                }

                text = applied;
            }

            return true;
        }, iter: 200);
    }
}
