using PaperLsp.Features.Citations;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Context;

/// <summary>Extracts the sentence and paragraph around an offset as plain text (markup, math, comments and citations removed).</summary>
public static class WritingContextExtractor
{
    /// <summary>Default bound on <see cref="WritingContext.Query"/>.</summary>
    public const int DefaultMaxQueryChars = 600;

    private const int MaxParagraphChars = 6000;

    private static readonly string[] LatexStructureCommands =
    [
        "\\section", "\\subsection", "\\subsubsection", "\\paragraph", "\\chapter", "\\begin", "\\end", "\\item",
        "\\caption", "\\title", "\\maketitle", "\\bibliography", "\\printbibliography",
    ];

    /// <summary>The writing context at <paramref name="offset"/> (clamped into the text).</summary>
    public static WritingContext Extract(
        string text,
        int offset,
        DocumentLanguage language,
        IEnumerable<string>? customCiteMacros = null,
        int maxQueryChars = DefaultMaxQueryChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        offset = Math.Clamp(offset, 0, text.Length);
        var (paragraphStart, paragraphEnd) = ParagraphBounds(text, offset, language);
        var citations = CitationScanner.FindAround(text, language, customCiteMacros, paragraphStart, paragraphEnd)
            .Where(c => c.End > paragraphStart && c.Start < paragraphEnd).ToList();
        var projection = PlainTextProjection.Build(text, paragraphStart, paragraphEnd, language, citations);
        var plain = projection.Text;

        // a cursor inside a citation counts as the position of that citation
        var anchor = offset;
        foreach (var citation in citations)
        {
            if (citation.Start <= offset && offset <= citation.End)
            {
                anchor = citation.Start;
                break;
            }
        }

        var cursor = projection.PlainIndexOf(anchor);
        var sentences = SentenceSplitter.Split(plain);
        if (sentences.Count == 0)
        {
            return new WritingContext("", "", "", "", "", offset, offset, paragraphStart, paragraphEnd);
        }

        var index = sentences.FindIndex(s => cursor <= s.End);
        if (index < 0)
        {
            index = sentences.Count - 1;
        }

        if (index > 0 && cursor < sentences[index].Start)
        {
            index--; // cursor in the space after a sentence belongs to it
        }

        var (start, end) = sentences[index];
        var sentence = plain[start..end];
        var splitAt = Math.Clamp(cursor, start, end);
        var before = plain[start..splitAt].Trim();
        var after = plain[splitAt..end].Trim();
        if (CountWords(before) < 6 && index > 0)
        {
            var previous = sentences[index - 1];
            before = (plain[previous.Start..previous.End] + " " + before).Trim();
        }

        if (CountWords(before) + CountWords(after) < 8 && index + 1 < sentences.Count)
        {
            var next = sentences[index + 1];
            after = (after + " " + plain[next.Start..next.End]).Trim();
        }

        var query = BoundQuery(before, after, Math.Max(40, maxQueryChars));
        var sourceStart = projection.SourceOffsets[start];
        var sourceEnd = end > start ? projection.SourceOffsets[end - 1] + 1 : sourceStart;
        return new WritingContext(sentence, plain.Trim(), before, after, query, sourceStart, sourceEnd, paragraphStart, paragraphEnd);
    }

    /// <summary>Plain text of the source range [start, end) (markup, math, comments, citations removed).</summary>
    public static string PlainText(string text, int start, int end, DocumentLanguage language, IEnumerable<string>? customCiteMacros = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        start = Math.Clamp(start, 0, text.Length);
        end = Math.Clamp(end, start, text.Length);
        var citations = CitationScanner.FindAround(text, language, customCiteMacros, start, end).Where(c => c.Start >= start && c.Start < end).ToList();
        return PlainTextProjection.Build(text, start, end, language, citations).Text.Trim();
    }

    /// <summary>
    /// Source bounds [start, end) of the paragraph holding the offset: blank lines and structural lines (headings,
    /// \section, \item…) separate paragraphs. Bounded: whole lines up to <see cref="MaxParagraphChars"/> away from the
    /// offset; a line that goes on more than twice as far (a document of one long line) is cut at that distance
    /// (<see cref="LatexLineCut.ProseStart(string, int)"/>, <see cref="MarkupLineCut"/>), so the context of a keystroke costs the same on a 2 MB line as on a
    /// normal paragraph. A sentence is far shorter than the 6,000 characters kept on each side (the query keeps 600).
    /// </summary>
    public static (int Start, int End) ParagraphBounds(string text, int offset, DocumentLanguage language)
    {
        ArgumentNullException.ThrowIfNull(text);
        offset = Math.Clamp(offset, 0, text.Length);
        var lineStart = offset == 0 ? 0 : text.LastIndexOf('\n', offset - 1) + 1;
        var start = lineStart;
        if (!IsStructuralLine(text, lineStart, language))
        {
            while (start > 0 && offset - start < MaxParagraphChars)
            {
                var previousStart = start - 1 == 0 ? 0 : text.LastIndexOf('\n', start - 2) + 1;
                if (IsBlankLine(text, previousStart) || IsStructuralLine(text, previousStart, language))
                {
                    break;
                }

                start = previousStart;
            }
        }

        if (offset - start > 2 * MaxParagraphChars)
        {
            var from = offset - MaxParagraphChars;
            start = Math.Min(offset, language == DocumentLanguage.Latex
                ? LatexLineCut.ProseStart(text, from)
                : MarkupLineCut.ScanStart(ChunkedText.Of(text), from, language));
        }

        var end = LineEndAfter(text, offset); // the line's end: no line break lies between its start and the offset
        while (end < text.Length && end - offset < MaxParagraphChars)
        {
            var nextStart = end + 1;
            if (nextStart >= text.Length || IsBlankLine(text, nextStart) || IsStructuralLine(text, nextStart, language))
            {
                break;
            }

            end = LineEndAfter(text, nextStart);
        }

        if (end - offset > 2 * MaxParagraphChars)
        {
            end = offset + MaxParagraphChars;
        }

        return (start, Math.Min(end, text.Length));
    }

    private static int LineEndAfter(string text, int lineStart)
    {
        var newline = text.IndexOf('\n', lineStart);
        return newline < 0 ? text.Length : newline;
    }

    private static bool IsBlankLine(string text, int lineStart)
    {
        for (var k = lineStart; k < text.Length && text[k] != '\n'; k++)
        {
            if (!char.IsWhiteSpace(text[k]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsStructuralLine(string text, int lineStart, DocumentLanguage language)
    {
        var k = lineStart;
        while (k < text.Length && text[k] is ' ' or '\t')
        {
            k++;
        }

        if (k >= text.Length)
        {
            return false;
        }

        return language switch
        {
            DocumentLanguage.Latex => LatexStructureCommands.Any(c => string.CompareOrdinal(text, k, c, 0, c.Length) == 0
                && (k + c.Length >= text.Length || !char.IsAsciiLetter(text[k + c.Length]))),
            DocumentLanguage.Typst => text[k] == '=' || (text[k] is '-' or '+' && k + 1 < text.Length && text[k + 1] == ' '),
            _ => text[k] == '#' || (text[k] is '-' or '*' or '+' && k + 1 < text.Length && text[k + 1] == ' ')
                || string.CompareOrdinal(text, k, "```", 0, 3) == 0,
        };
    }

    private static int CountWords(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    private static string Join(string before, string after) =>
        after.Length > 0 && after[0] is '.' or ',' or ';' or ':' or '!' or '?' ? (before + after).Trim() : (before + " " + after).Trim();

    private static string BoundQuery(string before, string after, int maxChars)
    {
        var joined = Join(before, after);
        if (joined.Length <= maxChars)
        {
            return joined;
        }

        var beforeBudget = Math.Min(before.Length, (int)(maxChars * 0.7));
        var afterBudget = Math.Min(after.Length, maxChars - beforeBudget - 1);
        beforeBudget = Math.Min(before.Length, maxChars - afterBudget - 1);
        var head = before[(before.Length - beforeBudget)..];
        var firstSpace = head.IndexOf(' ', StringComparison.Ordinal);
        if (beforeBudget < before.Length && firstSpace > 0)
        {
            head = head[(firstSpace + 1)..]; // do not start mid-word
        }

        var tail = after[..afterBudget];
        var lastSpace = tail.LastIndexOf(' ');
        if (afterBudget < after.Length && lastSpace > 0)
        {
            tail = tail[..lastSpace];
        }

        return Join(head, tail);
    }
}
