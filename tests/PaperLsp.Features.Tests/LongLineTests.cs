using CsCheck;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Citations;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Context;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;
using PaperLsp.TestSupport;

namespace PaperLsp.Features.Tests;

/// <summary>
/// A document of one 2.2 MB line: completion, context and citation scanning give the answers they give in a normal
/// document, and an edit far from the cursor does not change them (the work per keystroke is bounded around the cursor).
/// </summary>
public sealed class LongLineTests
{
    private const int Size = 2_200_000;

    // Keys the filler cites; the test catalog does not know them, so they only shape the cited/nearby priors.
    private static readonly string[] FillerKeys = ["fedus2021switch", "lepikhin2020gshard", "beltagy2020longformer"];

    private static readonly Lazy<string> Line = new(() => LongLatexLine.Build(Size, FillerKeys));

    private static string Filler => LongLatexLine.Paragraph(FillerKeys);

    public static TheoryData<string, string, bool> Sites => new()
    {
        // marked sentence, expected first key, at the end of the line (else in the middle)
        { "Transformers \\cite{vasw$0}", "vaswani2017attention", false },
        { "Transformers \\cite{vasw$0}", "vaswani2017attention", true },
        { "We evaluate on \\citep{swe$0}", "jimenez2024swebench", false },
        { "Sampling several reasoning paths and voting \\citep{$0}", "wang2023selfconsistency", false },
        { "Sampling several reasoning paths and voting \\citep{$0}", "wang2023selfconsistency", true },
        { "Allocating more test-time computation at inference \\citep{$0}", "snell2024scaling", true },
    };

    [Theory]
    [MemberData(nameof(Sites))]
    public void Completion_in_a_two_megabyte_line_equals_completion_in_a_short_document_with_the_same_neighbours(string marked, string expected, bool atEnd)
    {
        var snippet = MarkedText.Parse(marked);
        var tail = atEnd ? "" : ". " + Filler;
        var shortText = Filler + snippet.Text + tail;
        var shortCursor = Filler.Length + snippet.Cursor;
        // In the line the sentence has the same neighbours: a whole repetition before it, and (in the middle) one after.
        var at = atEnd ? Line.Value.Length : LongLatexLine.SentenceStartNear(Line.Value, Line.Value.Length / 2, FillerKeys) + Filler.Length;
        var longText = Line.Value[..at] + snippet.Text + (atEnd ? "" : ". " + Line.Value[at..]);
        var longCursor = at + snippet.Cursor;

        var inShort = Complete(shortText, shortCursor);
        var inLong = Complete(longText, longCursor);

        Assert.True(longText.Length >= Size);
        Assert.DoesNotContain('\n', longText);
        Assert.Equal(expected, inLong.Items[0].Label);
        Assert.Equal(inShort.Items.Select(i => (i.Label, i.Score)), inLong.Items.Select(i => (i.Label, i.Score)));
        Assert.Equal(shortText[inShort.Site!.ReplaceStart..inShort.Site.ReplaceEnd], longText[inLong.Site!.ReplaceStart..inLong.Site.ReplaceEnd]);
        Assert.Equal(inShort.Site.ReplaceStart - shortCursor, inLong.Site.ReplaceStart - longCursor);
    }

    public static TheoryData<int, int, string> FarEdits => new()
    {
        // where (about how many chars before the cursor; negative: after it), how many repetitions of the filler it
        // removes there, what it inserts (edits at a repetition start, so that $ math stays paired as in real prose)
        { 200_000, 0, "Some inserted words with $math$ and a citation \\cite{fedus2021switch}. " },
        { 900_000, 10, "" },
        { -300_000, 0, "Words after the cursor. " },
        { -150_000, 1, "A replacement sentence. " },
    };

    [Theory]
    [MemberData(nameof(FarEdits))]
    public void An_edit_far_from_the_cursor_changes_neither_the_writing_context_nor_the_completion(int before, int removedRepetitions, string inserted)
    {
        var snippet = MarkedText.Parse("Sampling several reasoning paths and voting \\citep{$0}");
        var at = LongLatexLine.SentenceStartNear(Line.Value, Line.Value.Length / 2, FillerKeys);
        var text = Line.Value[..at] + snippet.Text + ". " + Line.Value[at..];
        var cursor = at + snippet.Cursor;
        var editAt = LongLatexLine.SentenceStartNear(text, cursor - before, FillerKeys);
        var removed = removedRepetitions * Filler.Length;
        var edited = text[..editAt] + inserted + text[(editAt + removed)..];
        var shift = editAt < cursor ? inserted.Length - removed : 0;

        var context = WritingContextExtractor.Extract(text, cursor, DocumentLanguage.Latex);
        var contextAfter = WritingContextExtractor.Extract(edited, cursor + shift, DocumentLanguage.Latex);
        Assert.Equal(context.Query, contextAfter.Query);
        Assert.Equal(context.Sentence, contextAfter.Sentence);
        Assert.Equal(context.Paragraph, contextAfter.Paragraph);
        Assert.Equal(context.SentenceStart + shift, contextAfter.SentenceStart);
        Assert.Equal(context.SentenceEnd + shift, contextAfter.SentenceEnd);
        Assert.Contains("Sampling several reasoning paths and voting", context.Query, StringComparison.Ordinal);

        var completion = Complete(text, cursor);
        var completionAfter = Complete(edited, cursor + shift);
        Assert.NotEmpty(completion.Items);
        Assert.Equal(completion.Items.Select(i => (i.Label, i.Score)), completionAfter.Items.Select(i => (i.Label, i.Score)));
    }

    [Fact]
    public void The_citations_around_any_offset_of_a_long_line_are_those_a_whole_scan_finds()
    {
        var text = Line.Value;
        var all = CitationScanner.FindAll(text, DocumentLanguage.Latex);
        Assert.True(all.Count > 10_000);
        foreach (var offset in new[] { 0, 1, 77_777, Size / 2, Size / 2 + 313, Size - 5_000, text.Length })
        {
            var around = CitationScanner.FindAround(text, DocumentLanguage.Latex, null, offset, offset + 200);
            var expected = all.Where(c => c.End >= offset && c.Start <= offset + 200).Select(Describe).ToList();
            Assert.True(expected.Count > 0 || offset >= text.Length - 200, $"no citation near {offset}");
            Assert.Equal(expected, around.Where(c => c.End >= offset && c.Start <= offset + 200).Select(Describe));
        }
    }

    private static string Describe(CitationCommand c) =>
        $"{c.CommandName} {c.Start}-{c.End} {string.Join(",", c.Keys.Select(k => $"{k.Key}@{k.Start}-{k.End}/{k.SlotStart}-{k.SlotEnd}"))} {c.IsClosed}";

    [Fact]
    public void Comments_are_found_as_a_scan_from_the_line_start_finds_them() =>
        Gen.String[Gen.Char["ab\\%\n "], 0, 40].Sample(text =>
        {
            for (var offset = 0; offset <= text.Length; offset++)
            {
                if (LatexCitationScanner.IsInComment(text, offset) != InCommentFromLineStart(text, offset))
                {
                    return false;
                }
            }

            return true;
        }, iter: 3000);

    private static readonly string[] ProseTokens =
    [
        // no bare "%": TeX reads a % inside $…$ as a comment, the plain-text projection does not (comments: below)
        "word", "other", " ", " ", "  ", "$", "$$", "\\$", "\\%", "\\emph{", "}", "\\cite{key}", ". ", "\\\\", "x", "{", "\t",
    ];

    [Theory]
    [InlineData("Some prose % a comment with words and $x$ math", 25, 46)]
    [InlineData("Some prose % a comment with words\nNext line here", 14, 33)]
    [InlineData("Escaped \\% is prose, and so is this", 12, 14)]
    [InlineData("Inline $a + b$ math then prose", 8, 14)]
    [InlineData("Display $$a + b = c$$ math then prose", 10, 21)]
    [InlineData("Unclosed $a + b math to the end", 11, 31)]
    public void A_cut_in_a_comment_goes_to_the_line_end_and_a_cut_in_math_to_after_it(string text, int from, int expected) =>
        Assert.Equal(expected, LatexLineCut.ProseStart(text, from));

    [Fact]
    public void Prose_read_from_a_cut_inside_a_line_is_the_prose_read_from_the_line_start() =>
        Gen.Select(Gen.Int[0, ProseTokens.Length - 1].Array[1, 60], Gen.Double[0, 1]).Sample(sample =>
        {
            var text = string.Concat(sample.Item1.Select(i => ProseTokens[i]));
            var from = (int)(sample.Item2 * text.Length);
            var cut = LatexLineCut.ProseStart(text, from);
            if (cut < from)
            {
                return cut == 0; // no space after from: nothing can be cut, the line's start
            }

            var whole = Projected(text, 0);
            var fromCut = Projected(text, cut);
            return whole.Where(p => p.Source >= cut).SequenceEqual(fromCut);
        }, iter: 5000);

    /// <summary>The non-space plain characters of text[start..] with their source offsets.</summary>
    private static List<(char Char, int Source)> Projected(string text, int start)
    {
        var citations = LatexCitationScanner.Scan(text, new HashSet<string>(), start, text.Length);
        var projection = PlainTextProjection.Build(text, start, text.Length, DocumentLanguage.Latex, citations);
        return projection.Text.Select((c, i) => (Char: c, Source: projection.SourceOffsets[i])).Where(p => p.Char != ' ').ToList();
    }

    /// <summary>The rule as a scan from the line start reads it: an unescaped % before the offset on its line.</summary>
    private static bool InCommentFromLineStart(string text, int offset)
    {
        var lineStart = offset == 0 ? 0 : text.LastIndexOf('\n', offset - 1) + 1;
        for (var k = lineStart; k < offset; k++)
        {
            if (text[k] == '\\')
            {
                k++;
            }
            else if (text[k] == '%')
            {
                return true;
            }
        }

        return false;
    }

    private static CompletionResult Complete(string text, int cursor)
    {
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("refs.bib", TestCorpus.ReferencesBib);
        return new CitationCompletion(TestCorpus.Catalog(), bibliography).Complete(new CompletionRequest(text, cursor, DocumentLanguage.Latex));
    }
}
