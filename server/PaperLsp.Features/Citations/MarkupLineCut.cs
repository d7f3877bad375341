using System.Buffers;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Citations;

/// <summary>
/// The one rule for where reading a very long Markdown/Pandoc or Typst text may start other than at its start (the
/// counterpart of <see cref="LatexLineCut"/>): at a line start when a line breaks before any space, else just after a
/// space that lies outside a code span (backtick runs paired from the line's start, as the scanners pair them) and, in
/// Typst, outside a <c>//</c> comment (then the line's end). Constructs that cross lines and open before the cut — a
/// fenced block, an HTML or <c>/* */</c> comment, a code span begun on an earlier line — are not seen; callers keep the
/// cut far from the cursor.
/// </summary>
internal static class MarkupLineCut
{
    private static readonly SearchValues<char> Blanks = SearchValues.Create(" \t\n");
    private static readonly SearchValues<char> Backtick = SearchValues.Create("`");
    private static readonly SearchValues<char> Newline = SearchValues.Create("\n");
    private static readonly SearchValues<char> Slash = SearchValues.Create("/");

    /// <summary>A place at or after <paramref name="from"/> (before it only when the line has no space from there on) where a scan can start.</summary>
    public static int ScanStart(ChunkedText text, int from, DocumentLanguage language)
    {
        ArgumentNullException.ThrowIfNull(text);
        from = Math.Clamp(from, 0, text.Length);
        var space = text.IndexOfAny(Blanks, from, text.Length);
        if (space < 0)
        {
            return LineStart(text, from);
        }

        if (text[space] == '\n')
        {
            return space + 1;
        }

        var cut = space + 1;
        var lineStart = LineStart(text, cut);
        var lineEnd = text.IndexOfAny(Newline, cut, text.Length) is var n and >= 0 ? n : text.Length;

        // Pair backtick runs from the line start: a cut inside a code span moves to just after it.
        var k = lineStart;
        var codeEnd = lineStart; // the end of the last code span before the cut
        while (true)
        {
            var open = text.IndexOfAny(Backtick, k, cut);
            if (open < 0)
            {
                break;
            }

            var run = RunLength(text, open);
            var close = FindRun(text, open + run, run, lineEnd);
            if (close < 0)
            {
                k = open + run;
                continue;
            }

            if (close + run > cut)
            {
                cut = close + run; // the cut fell in this span
                codeEnd = cut;
                break;
            }

            codeEnd = close + run;
            k = codeEnd;
        }

        if (language == DocumentLanguage.Typst)
        {
            // A // comment (not in code, not a URL's "://") before the cut runs to the line's end.
            var s = Math.Max(lineStart, codeEnd);
            while (true)
            {
                var slash = text.IndexOfAny(Slash, s, cut);
                if (slash < 0 || slash + 1 >= text.Length)
                {
                    break;
                }

                if (text[slash + 1] == '/' && (slash == 0 || text[slash - 1] != ':'))
                {
                    return lineEnd;
                }

                s = slash + 1;
            }
        }

        return cut;
    }

    private static int LineStart(ChunkedText text, int offset) => offset == 0 ? 0 : text.LastIndexOfAny(Newline, 0, offset) + 1;

    private static int RunLength(ChunkedText text, int at)
    {
        var run = 1;
        while (at + run < text.Length && text[at + run] == '`')
        {
            run++;
        }

        return run;
    }

    /// <summary>The start of the next run of exactly <paramref name="length"/> backticks in [from, to), or -1.</summary>
    private static int FindRun(ChunkedText text, int from, int length, int to)
    {
        var k = from;
        while (true)
        {
            var found = text.IndexOfAny(Backtick, k, to);
            if (found < 0)
            {
                return -1;
            }

            var run = RunLength(text, found);
            if (run == length)
            {
                return found;
            }

            k = found + run;
        }
    }
}
