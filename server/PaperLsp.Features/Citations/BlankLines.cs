namespace PaperLsp.Features.Citations;

/// <summary>
/// The one rule for "a blank line" (a paragraph break) that the citation scanners stop at: a line holding only spaces,
/// tabs or '\r'. The text's end counts as the end of a line and its start as the start of one, so a trailing or
/// leading whitespace-only line is blank too.
/// </summary>
internal static class BlankLines
{
    /// <summary>True when the line after the '\n' at <paramref name="newline"/> is blank (also when it is the text's empty or whitespace-only last line).</summary>
    public static bool IsBlankLineAfter(string text, int newline) => IsBlankFrom(text, newline + 1, step: 1);

    /// <summary>True when the line ending at the '\n' at <paramref name="newline"/> is blank (also when it is the text's empty or whitespace-only first line).</summary>
    public static bool IsBlankLineBefore(string text, int newline) => IsBlankFrom(text, newline - 1, step: -1);

    /// <summary>Walks from <paramref name="start"/> by <paramref name="step"/>: blank when a '\n' or the text's end comes before any other character.</summary>
    private static bool IsBlankFrom(string text, int start, int step)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var k = start; k >= 0 && k < text.Length; k += step)
        {
            var ch = text[k];
            if (ch == '\n')
            {
                return true;
            }

            if (ch is not (' ' or '\t' or '\r'))
            {
                return false;
            }
        }

        return true;
    }
}
