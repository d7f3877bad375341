namespace PaperLsp.Features.Citations;

/// <summary>Marks the characters of a Markdown/Typst document that are code (fenced blocks, code spans) or comments.</summary>
internal static class CodeRegions
{
    /// <summary>Fenced code blocks (``` / ~~~), inline code spans and HTML comments of Markdown.</summary>
    public static bool[] Markdown(string text)
    {
        var excluded = new bool[text.Length];
        MarkFences(text, excluded);
        MarkCodeSpans(text, excluded);
        MarkDelimited(text, excluded, "<!--", "-->");
        return excluded;
    }

    /// <summary>Raw blocks/spans and // and /* */ comments of Typst.</summary>
    public static bool[] Typst(string text)
    {
        var excluded = new bool[text.Length];
        MarkCodeSpans(text, excluded);
        for (var i = 0; i + 1 < text.Length; i++)
        {
            if (excluded[i] || text[i] != '/')
            {
                continue;
            }

            if (text[i + 1] == '/' && (i == 0 || text[i - 1] != ':'))
            {
                var end = text.IndexOf('\n', i);
                end = end < 0 ? text.Length : end;
                Array.Fill(excluded, true, i, end - i);
                i = end;
            }
            else if (text[i + 1] == '*')
            {
                var close = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                var end = close < 0 ? text.Length : close + 2;
                Array.Fill(excluded, true, i, end - i);
                i = end - 1;
            }
        }

        return excluded;
    }

    private static void MarkFences(string text, bool[] excluded)
    {
        var lineStart = 0;
        var fenceStart = -1;
        var fenceChar = '\0';
        var fenceLength = 0;
        while (lineStart < text.Length)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            lineEnd = lineEnd < 0 ? text.Length : lineEnd;
            var k = lineStart;
            while (k < lineEnd && k - lineStart < 3 && text[k] == ' ')
            {
                k++;
            }

            var run = 0;
            while (k + run < lineEnd && (text[k + run] == '`' || text[k + run] == '~') && text[k + run] == text[k])
            {
                run++;
            }

            if (run >= 3)
            {
                if (fenceStart < 0)
                {
                    fenceStart = lineStart;
                    fenceChar = text[k];
                    fenceLength = run;
                }
                else if (text[k] == fenceChar && run >= fenceLength)
                {
                    Array.Fill(excluded, true, fenceStart, lineEnd - fenceStart);
                    fenceStart = -1;
                }
            }

            lineStart = lineEnd + 1;
        }

        if (fenceStart >= 0)
        {
            Array.Fill(excluded, true, fenceStart, text.Length - fenceStart);
        }
    }

    private static void MarkCodeSpans(string text, bool[] excluded)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (excluded[i] || text[i] != '`')
            {
                i++;
                continue;
            }

            var run = 1;
            while (i + run < text.Length && text[i + run] == '`')
            {
                run++;
            }

            var close = FindBacktickRun(text, i + run, run);
            if (close < 0)
            {
                i += run;
                continue;
            }

            Array.Fill(excluded, true, i, close + run - i);
            i = close + run;
        }
    }

    private static int FindBacktickRun(string text, int from, int length)
    {
        var k = from;
        while (k < text.Length)
        {
            if (text[k] != '`')
            {
                k++;
                continue;
            }

            var run = 1;
            while (k + run < text.Length && text[k + run] == '`')
            {
                run++;
            }

            if (run == length)
            {
                return k;
            }

            k += run;
        }

        return -1;
    }

    private static void MarkDelimited(string text, bool[] excluded, string open, string close)
    {
        var i = text.IndexOf(open, StringComparison.Ordinal);
        while (i >= 0)
        {
            var end = text.IndexOf(close, i + open.Length, StringComparison.Ordinal);
            end = end < 0 ? text.Length : end + close.Length;
            Array.Fill(excluded, true, i, end - i);
            i = end < text.Length ? text.IndexOf(open, end, StringComparison.Ordinal) : -1;
        }
    }
}
