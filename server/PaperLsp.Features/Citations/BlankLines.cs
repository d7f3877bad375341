namespace PaperLsp.Features.Citations;

/// <summary>
/// The one rule for "a blank line" (a paragraph break) that the citation scanners stop at: a line holding only spaces,
/// tabs or '\r'. The text's end counts as the end of a line and its start as the start of one, so a trailing or
/// leading whitespace-only line is blank too.
/// </summary>
internal static class BlankLines
{
    /// <summary>True when the line after the '\n' at <paramref name="newline"/> is blank (also when it is the text's empty or whitespace-only last line).</summary>
    public static bool IsBlankLineAfter(string text, int newline)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var k = newline + 1; k < text.Length; k++)
        {
            var ch = text[k];
            if (ch == '\n')
            {
                return true;
            }

            if (!IsBlank(ch))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the line ending at the '\n' at <paramref name="newline"/> is blank (also when it is the text's empty or whitespace-only first line).</summary>
    public static bool IsBlankLineBefore(string text, int newline)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var k = newline - 1; k >= 0; k--)
        {
            var ch = text[k];
            if (ch == '\n')
            {
                return true;
            }

            if (!IsBlank(ch))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBlank(char ch) => ch is ' ' or '\t' or '\r';
}
