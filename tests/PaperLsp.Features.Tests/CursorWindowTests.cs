using System.Text;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Citations;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Definition;
using PaperLsp.Features.Hover;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;
using PaperLsp.TestSupport;

namespace PaperLsp.Features.Tests;

/// <summary>
/// A document of one 2.2 MB line, read through the window the server hands to features (<see cref="CursorWindow"/>, cut
/// out of a <see cref="ChunkedText"/>): completion and hover give what they give on the whole text and on a short
/// document with the same neighbourhood, in LaTeX, Markdown and Typst.
/// </summary>
public sealed class CursorWindowTests
{
    private const int Size = 2_200_000;
    private static readonly string[] Keys = ["fedus2021switch", "lepikhin2020gshard", "beltagy2020longformer"];

    private static string Paragraph(DocumentLanguage language) => language switch
    {
        DocumentLanguage.Latex => LongLatexLine.Paragraph(Keys),
        DocumentLanguage.Markdown =>
            "Sparse mixtures of experts route each token to a few experts with `k << n` in code and keep the compute fixed [@fedus2021switch]. "
            + "Their balancing loss costs about 1% of the step time for 😀 tokens [see @lepikhin2020gshard, p. 3; @beltagy2020longformer]. "
            + "The `@notakey` in code is no citation, and neither is mail@example.com in prose. "
            + "Memory grows quadratically with the length of the context @beltagy2020longformer. ",
        _ =>
            "Sparse mixtures of experts route each token to a few experts with `k << n` in raw text and keep the compute fixed #cite(<fedus2021switch>). "
            + "Their balancing loss costs about 1% of the step time for 😀 tokens @lepikhin2020gshard and @beltagy2020longformer. "
            + "The raw `@notakey` is no reference, and neither is a URL like https://example.com/x in prose. "
            + "Memory grows quadratically with the length of the context @beltagy2020longformer. ",
    };

    private static readonly Dictionary<DocumentLanguage, string> Lines = [];

    private static string Line(DocumentLanguage language)
    {
        lock (Lines)
        {
            if (!Lines.TryGetValue(language, out var line))
            {
                var paragraph = Paragraph(language);
                var text = new StringBuilder(Size + paragraph.Length);
                while (text.Length < Size)
                {
                    text.Append(paragraph);
                }

                Lines[language] = line = text.ToString();
            }

            return line;
        }
    }

    public static TheoryData<DocumentLanguage, string, string, bool> Sites => new()
    {
        { DocumentLanguage.Latex, "Transformers \\cite{vasw$0}", "vaswani2017attention", false },
        { DocumentLanguage.Latex, "Sampling several reasoning paths and voting \\citep{$0}", "wang2023selfconsistency", true },
        { DocumentLanguage.Markdown, "Transformers [@vasw$0]", "vaswani2017attention", false },
        { DocumentLanguage.Markdown, "Sampling several reasoning paths and voting [@$0]", "wang2023selfconsistency", true },
        { DocumentLanguage.Markdown, "Sampling several reasoning paths and voting @$0", "wang2023selfconsistency", false },
        { DocumentLanguage.Typst, "Transformers @vasw$0", "vaswani2017attention", false },
        { DocumentLanguage.Typst, "Sampling several reasoning paths and voting #cite(<$0", "wang2023selfconsistency", true },
    };

    [Theory]
    [MemberData(nameof(Sites))]
    public void Completion_through_the_window_of_a_long_line_equals_completion_on_the_whole_text_and_on_a_short_document(
        DocumentLanguage language, string marked, string expected, bool atEnd)
    {
        var snippet = MarkedText.Parse(marked);
        var (longText, cursor) = Place(language, snippet.Text, snippet.Cursor, atEnd);
        var filler = Paragraph(language);
        var shortText = filler + snippet.Text + (atEnd ? "" : ". " + filler);
        var shortCursor = filler.Length + snippet.Cursor;

        var window = CursorWindow.Around(ChunkedText.From(longText), cursor, language);
        var inWindow = Complete(window.Text, cursor - window.Start, language);
        var inWhole = Complete(longText, cursor, language);
        var inShort = Complete(shortText, shortCursor, language);

        Assert.InRange(window.Text.Length, CursorWindow.Back - 1_000, CursorWindow.Back + CursorWindow.Ahead + 1_000);
        Assert.NotEmpty(inWindow.Items);
        Assert.Equal(expected, inWindow.Items[0].Label);
        Assert.Equal(Ranked(inWhole), Ranked(inWindow));
        Assert.Equal(Ranked(inShort), Ranked(inWindow));
        Assert.Equal(inWhole.Site!.ReplaceStart, window.Start + inWindow.Site!.ReplaceStart);
        Assert.Equal(inWhole.Site.ReplaceEnd, window.Start + inWindow.Site.ReplaceEnd);
    }

    [Theory]
    [InlineData(DocumentLanguage.Latex, 3_000)]
    [InlineData(DocumentLanguage.Latex, Size)]
    [InlineData(DocumentLanguage.Markdown, Size)]
    public void A_window_with_text_inserted_at_the_cursor_reads_as_the_window_of_the_text_with_that_insertion(DocumentLanguage language, int size)
    {
        var builder = new StringBuilder();
        while (builder.Length < size)
        {
            builder.Append(Paragraph(language));
        }

        var text = builder.ToString();
        foreach (var cursor in new[] { 0, text.Length / 2, text.Length - 7, text.Length })
        {
            var chunked = ChunkedText.From(text);
            var inserted = CursorWindow.Around(chunked, cursor, language, -1, "{}");
            var typed = CursorWindow.Around(chunked.Replace(cursor, cursor, "{}"), cursor, language);
            Assert.Equal(typed.Start, inserted.Start);
            Assert.Equal(typed.Text[..(cursor - typed.Start + 2)], inserted.Text[..(cursor - inserted.Start + 2)]);
            Assert.Equal("{}", inserted.Text.Substring(cursor - inserted.Start, 2));
            Assert.Equal(text.Substring(cursor, Math.Min(text.Length - cursor, inserted.Text.Length - (cursor - inserted.Start) - 2)),
                inserted.Text[(cursor - inserted.Start + 2)..]);
        }
    }

    [Theory]
    [InlineData(DocumentLanguage.Latex, "Sampling several reasoning paths and voting \\citep{$0}")]
    [InlineData(DocumentLanguage.Markdown, "Sampling several reasoning paths and voting [@$0]")]
    [InlineData(DocumentLanguage.Typst, "Sampling several reasoning paths and voting @$0")]
    public void A_window_start_carried_from_an_earlier_version_gives_the_answer_a_fresh_cut_gives(DocumentLanguage language, string marked)
    {
        var snippet = MarkedText.Parse(marked);
        var (longText, cursor) = Place(language, snippet.Text, snippet.Cursor, atEnd: false);
        var text = ChunkedText.From(longText);
        var earlier = CursorWindow.Around(text, cursor - 3_000, language); // a window of a keystroke some words back
        var edited = text.Replace(cursor, cursor, "sw");                     // typed since, after that window's start

        var carried = CursorWindow.Around(edited, cursor + 2, language, earlier.Start);
        var fresh = CursorWindow.Around(edited, cursor + 2, language);

        Assert.Equal(earlier.Start, carried.Start);
        Assert.NotEqual(fresh.Start, carried.Start);
        var inCarried = Complete(carried.Text, cursor + 2 - carried.Start, language);
        var inFresh = Complete(fresh.Text, cursor + 2 - fresh.Start, language);
        Assert.NotEmpty(inCarried.Items);
        Assert.Equal(Ranked(inFresh), Ranked(inCarried));
        Assert.Equal(fresh.Start + inFresh.Site!.ReplaceStart, carried.Start + inCarried.Site!.ReplaceStart);
    }

    public static TheoryData<DocumentLanguage, string> Hovers => new()
    {
        { DocumentLanguage.Latex, "Transformers \\cite{vaswa$0ni2017attention} changed everything" },
        { DocumentLanguage.Markdown, "Transformers [@vaswa$0ni2017attention] changed everything" },
        { DocumentLanguage.Typst, "Transformers @vaswa$0ni2017attention changed everything" },
    };

    [Theory]
    [MemberData(nameof(Hovers))]
    public void Hover_through_the_window_of_a_long_line_equals_hover_on_the_whole_text_and_on_a_short_document(DocumentLanguage language, string marked)
    {
        var snippet = MarkedText.Parse(marked);
        var (longText, cursor) = Place(language, snippet.Text, snippet.Cursor, atEnd: false);
        var filler = Paragraph(language);
        var shortText = filler + snippet.Text + ". " + filler;
        var shortCursor = filler.Length + snippet.Cursor;
        var cards = new HoverCardBuilder(TestCorpus.Catalog(), Bibliography());

        var window = CursorWindow.Around(ChunkedText.From(longText), cursor, language);
        var inWindow = cards.Build(window.Text, cursor - window.Start, language);
        var inWhole = cards.Build(longText, cursor, language);
        var inShort = cards.Build(shortText, shortCursor, language);

        Assert.NotNull(inWindow);
        Assert.Equal("vaswani2017attention", inWindow.Key);
        Assert.Equal(inWhole, inWindow with { Start = inWindow.Start + window.Start, End = inWindow.End + window.Start });
        Assert.Equal(inShort!.Markdown, inWindow.Markdown);
        Assert.Equal(inShort.Start - shortCursor, inWindow.Start + window.Start - cursor);
    }

    [Theory]
    [MemberData(nameof(Hovers))]
    public void Hover_and_definition_through_the_near_window_of_a_paper_equal_those_on_the_whole_text_and_copy_no_whole_paper(DocumentLanguage language, string marked)
    {
        // a paper-sized document (below the whole-text limit, so completion reads it whole) with the key in its middle
        var snippet = MarkedText.Parse(marked);
        var filler = new StringBuilder();
        while (filler.Length < 60_000)
        {
            filler.Append(Paragraph(language));
        }

        var text = filler + snippet.Text + ". " + filler;
        var cursor = filler.Length + snippet.Cursor;
        var chunked = ChunkedText.From(text).Replace(0, 0, ""); // as after an edit: not materialised
        var cards = new HoverCardBuilder(TestCorpus.Catalog(), Bibliography());
        var definitions = new CitationDefinitionFinder(TestCorpus.Catalog(), Bibliography());

        var window = CursorWindow.Near(chunked, cursor, language);
        var inWindow = cards.Build(window.Text, cursor - window.Start, language);
        var inWhole = cards.Build(text, cursor, language);

        Assert.False(chunked.IsMaterialised); // fails when the near window copies the whole text
        Assert.InRange(window.Text.Length, 1, CursorWindow.NearBack + CursorWindow.NearAhead + 1_000);
        Assert.NotNull(inWindow);
        Assert.Equal("vaswani2017attention", inWindow.Key);
        Assert.Equal(inWhole, inWindow with { Start = inWindow.Start + window.Start, End = inWindow.End + window.Start });
        Assert.Equal(definitions.FindAt(text, cursor, language)?.Key, definitions.FindAt(window.Text, cursor - window.Start, language)?.Key);
        Assert.NotNull(definitions.FindAt(window.Text, cursor - window.Start, language));
    }

    [Theory]
    [InlineData(DocumentLanguage.Latex)]
    [InlineData(DocumentLanguage.Markdown)]
    public void In_a_text_longer_than_the_whole_text_limit_the_near_window_is_the_keystroke_window_with_its_carried_start(DocumentLanguage language)
    {
        // a long line: a fresh cut would read the line from its start at every hover, the carried start does not
        var text = ChunkedText.From(Line(language)).Replace(0, 0, "");
        var cursor = Size / 2;
        var earlier = CursorWindow.Around(text, cursor - 3_000, language);
        var near = CursorWindow.Near(text, cursor, language, earlier.Start);
        var around = CursorWindow.Around(text, cursor, language, earlier.Start);
        Assert.Equal(around, near);
        Assert.Equal(earlier.Start, near.Start);
    }

    [Theory]
    [InlineData(DocumentLanguage.Markdown)]
    [InlineData(DocumentLanguage.Typst)]
    public void The_citations_around_any_offset_of_a_long_markup_line_are_those_a_whole_scan_finds(DocumentLanguage language)
    {
        var text = Line(language);
        var all = CitationScanner.FindAll(text, language);
        Assert.True(all.Count > 10_000);
        foreach (var offset in new[] { 0, 1, 77_777, Size / 2, Size / 2 + 313, Size - 5_000, text.Length })
        {
            var around = CitationScanner.FindAround(text, language, null, offset, offset + 200);
            var expected = all.Where(c => c.End >= offset && c.Start <= offset + 200).Select(Describe).ToList();
            Assert.True(expected.Count > 0 || offset >= text.Length - 200, $"no citation near {offset}");
            Assert.Equal(expected, around.Where(c => c.End >= offset && c.Start <= offset + 200).Select(Describe));
        }
    }

    [Theory]
    [InlineData("a `code with @x spaces` and more words", 8, 23, DocumentLanguage.Markdown)]
    [InlineData("a ``double ` tick`` then words", 4, 19, DocumentLanguage.Markdown)]
    [InlineData("words // a comment with spaces", 12, 30, DocumentLanguage.Typst)]
    [InlineData("see https://example.com/a b c", 12, 26, DocumentLanguage.Typst)]
    [InlineData("plain words here", 3, 6, DocumentLanguage.Markdown)]
    [InlineData("first line\nsecond line", 8, 11, DocumentLanguage.Typst)]
    public void A_markup_cut_in_code_goes_after_it_and_a_cut_in_a_typst_comment_to_the_line_end(string text, int from, int expected, DocumentLanguage language) =>
        Assert.Equal(expected, MarkupLineCut.ScanStart(ChunkedText.From(text), from, language));

    private static string Describe(CitationCommand c) =>
        $"{c.CommandName} {c.Start}-{c.End} {string.Join(",", c.Keys.Select(k => $"{k.Key}@{k.Start}-{k.End}/{k.SlotStart}-{k.SlotEnd}"))} {c.IsClosed}";

    /// <summary>The snippet put into the long line (in the middle at a repetition start, or at the end) and the cursor.</summary>
    private static (string Text, int Cursor) Place(DocumentLanguage language, string snippet, int cursorInSnippet, bool atEnd)
    {
        var line = Line(language);
        var paragraph = Paragraph(language);
        var at = atEnd ? line.Length : line.IndexOf(paragraph, line.Length / 2, StringComparison.Ordinal) + paragraph.Length;
        var text = line[..at] + snippet + (atEnd ? "" : ". " + line[at..]);
        return (text, at + cursorInSnippet);
    }

    private static List<(string, double)> Ranked(CompletionResult result) => result.Items.Select(i => (i.Label, i.Score)).ToList();

    private static WorkspaceBibliography Bibliography()
    {
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("refs.bib", TestCorpus.ReferencesBib);
        return bibliography;
    }

    private static CompletionResult Complete(string text, int cursor, DocumentLanguage language) =>
        new CitationCompletion(TestCorpus.Catalog(), Bibliography()).Complete(new CompletionRequest(text, cursor, language));
}
