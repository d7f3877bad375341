using System.Buffers;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Citations;

/// <summary>
/// The one rule for where reading a very long LaTeX line may start other than at the line's start. Windows around a
/// cursor (the citation scanner's reach, the paragraph of the writing context) are bounded in characters; on a line
/// longer than the window (a document of one 2 MB line) they start inside the line, at a place that reads as a line
/// start would: just after a space (no escape or command name is cut in two), not in a % comment and, for prose, not
/// inside <c>$…$</c>/<c>$$…$$</c> math. A construct that straddles the cut (a command with a space in its note) may be
/// misread at the window's edge, which callers keep far from the cursor.
/// </summary>
internal static class LatexLineCut
{
    /// <summary>
    /// A place at or after <paramref name="from"/> where the citation scanner can start: after a space and outside a
    /// comment; the line's end when the rest of the line is a comment; the line's start when the line has no space
    /// from <paramref name="from"/> on (then nothing can be cut).
    /// </summary>
    public static int ScanStart(string text, int from) => ScanStart(ChunkedText.Of(text ?? throw new ArgumentNullException(nameof(text))), from);

    /// <inheritdoc cref="ScanStart(string, int)"/>
    public static int ScanStart(ChunkedText text, int from)
    {
        ArgumentNullException.ThrowIfNull(text);
        from = Math.Clamp(from, 0, text.Length);
        var space = text.IndexOfAny(Blanks, from, text.Length);
        if (space < 0 || text[space] == '\n')
        {
            return LineStart(text, from);
        }

        var cut = space + 1;
        return LatexCitationScanner.IsInComment(text, cut) ? LatexCitationScanner.LineEnd(text, cut) : cut;
    }

    private static readonly SearchValues<char> Blanks = SearchValues.Create(" \t\n");

    private static readonly SearchValues<char> Dollar = SearchValues.Create("$");

    private static readonly SearchValues<char> Newline = SearchValues.Create("\n");

    /// <summary>
    /// A place at or after <paramref name="from"/> where prose can be read: <see cref="ScanStart"/>, moved past the end
    /// of the <c>$</c> math it falls in (found by pairing the line's unescaped dollars from its start, as the plain-text
    /// projection reads them); the line's end when the math does not close on the line.
    /// </summary>
    public static int ProseStart(string text, int from) => ProseStart(ChunkedText.Of(text ?? throw new ArgumentNullException(nameof(text))), from);

    /// <inheritdoc cref="ProseStart(string, int)"/>
    public static int ProseStart(ChunkedText text, int from)
    {
        var cut = ScanStart(text, from);
        var lineStart = LineStart(text, cut);
        var lineEnd = LatexCitationScanner.LineEnd(text, cut);
        if (cut == lineStart || cut >= lineEnd)
        {
            return cut;
        }

        // Math state at the cut: 0 prose, 1 inline ($), 2 display ($$). Dollars before the cut are before any comment
        // (the cut is not in one).
        var state = 0;
        var k = lineStart;
        while (true)
        {
            var dollar = text.IndexOfAny(Dollar, k, lineEnd);
            if (dollar < 0)
            {
                return state == 0 ? cut : lineEnd;
            }

            if (dollar >= cut && state == 0)
            {
                return cut;
            }

            k = dollar + 1;
            if (IsEscaped(text, dollar))
            {
                continue;
            }

            var pair = dollar + 1 < lineEnd && text[dollar + 1] == '$';
            if (state == 0)
            {
                state = pair ? 2 : 1;
            }
            else
            {
                if (state == 2 && pair)
                {
                    k++;
                }

                state = 0;
                if (k > cut)
                {
                    return k; // just after the math the cut fell in
                }
            }

            if (state != 0 && pair)
            {
                k++;
            }
        }
    }

    /// <summary>The start of the line that holds <paramref name="offset"/>.</summary>
    private static int LineStart(ChunkedText text, int offset) => offset == 0 ? 0 : text.LastIndexOfAny(Newline, 0, offset) + 1;

    /// <summary>True when an odd run of backslashes precedes the character at <paramref name="at"/> (it is escaped).</summary>
    internal static bool IsEscaped(string text, int at) => IsEscaped(ChunkedText.Of(text), at);

    /// <inheritdoc cref="IsEscaped(string, int)"/>
    internal static bool IsEscaped(ChunkedText text, int at)
    {
        var run = 0;
        while (at - run - 1 >= 0 && text[at - run - 1] == '\\')
        {
            run++;
        }

        return run % 2 == 1;
    }
}
