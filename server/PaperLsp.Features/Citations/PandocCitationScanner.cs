namespace PaperLsp.Features.Citations;

/// <summary>Finds Pandoc citations (<c>[see @a; @b, p. 3]</c>, <c>@key</c>, <c>@{key}</c>) outside code and e-mail addresses.</summary>
internal static class PandocCitationScanner
{
    private const string InternalPunctuation = ":.#$%&-+?<>~/";

    public static List<CitationCommand> Scan(string text)
    {
        var excluded = CodeRegions.Markdown(text);
        var keys = new List<(int At, CitationKeySpan Span)>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '@' || excluded[i] || !IsValidPredecessor(text, i))
            {
                continue;
            }

            keys.Add((i, ReadKey(text, i + 1)));
        }

        var result = new List<CitationCommand>();
        var index = 0;
        while (index < keys.Count)
        {
            var (at, span) = keys[index];
            var open = FindOpeningBracket(text, at, excluded);
            if (open < 0)
            {
                var inTextEnd = IsBraced(text, span) && span.End < text.Length && text[span.End] == '}' ? span.End + 1 : span.End;
                result.Add(new CitationCommand(CitationSyntax.PandocInText, "@", at, inTextEnd, [span], true));
                index++;
                continue;
            }

            var close = FindClosingBracket(text, span.End, excluded);
            var group = new List<CitationKeySpan> { span };
            var next = index + 1;
            while (next < keys.Count && (close < 0 || keys[next].At < close) && FindOpeningBracket(text, keys[next].At, excluded) == open)
            {
                group.Add(keys[next].Span);
                next++;
            }

            var isLink = close >= 0 && close + 1 < text.Length && text[close + 1] is '(' or '[';
            if (!isLink)
            {
                var end = close >= 0 ? close + 1 : group[^1].End;
                result.Add(new CitationCommand(CitationSyntax.PandocBracketed, "[@", open, end, group, close >= 0));
            }

            index = next;
        }

        return result;
    }

    private static bool IsBraced(string text, CitationKeySpan span) => span.Start > 0 && text[span.Start - 1] == '{';

    private static bool IsValidPredecessor(string text, int at)
    {
        if (at == 0)
        {
            return true;
        }

        var previous = text[at - 1];
        if (char.IsLetterOrDigit(previous) || previous is '@' or '\\' or '/' or '_' or '.' or '+' or '%' or '`')
        {
            return false;
        }

        if (previous == '-')
        {
            return at == 1 || char.IsWhiteSpace(text[at - 2]) || text[at - 2] is '[' or ';';
        }

        return true;
    }

    private static CitationKeySpan ReadKey(string text, int start)
    {
        if (start < text.Length && text[start] == '{')
        {
            var close = text.IndexOfAny(['}', '\n'], start + 1);
            var end = close < 0 || text[close] == '\n' ? (close < 0 ? text.Length : close) : close;
            return new CitationKeySpan(text[(start + 1)..end], start + 1, end, start + 1, end);
        }

        var k = start;
        if (k < text.Length && (char.IsLetterOrDigit(text[k]) || text[k] == '_'))
        {
            k++;
            while (k < text.Length)
            {
                var ch = text[k];
                if (char.IsLetterOrDigit(ch) || ch == '_')
                {
                    k++;
                }
                else if (InternalPunctuation.Contains(ch) && k + 1 < text.Length && (char.IsLetterOrDigit(text[k + 1]) || text[k + 1] == '_'))
                {
                    k++;
                }
                else
                {
                    break;
                }
            }
        }

        return new CitationKeySpan(text[start..k], start, k, start, k);
    }

    /// <summary>The '[' opening the bracket that contains <paramref name="at"/> (same paragraph, no ']' between), or -1.</summary>
    private static int FindOpeningBracket(string text, int at, bool[] excluded)
    {
        for (var k = at - 1; k >= 0; k--)
        {
            if (excluded[k])
            {
                return -1;
            }

            var ch = text[k];
            if (ch == '[')
            {
                return k > 0 && text[k - 1] == '\\' ? -1 : k;
            }

            if (ch == ']' || (ch == '\n' && BlankLines.IsBlankLineBefore(text, k)))
            {
                return -1;
            }
        }

        return -1;
    }

    private static int FindClosingBracket(string text, int from, bool[] excluded)
    {
        for (var k = from; k < text.Length; k++)
        {
            if (excluded[k])
            {
                return -1;
            }

            var ch = text[k];
            if (ch == ']')
            {
                return k;
            }

            if (ch == '[' || (ch == '\n' && BlankLines.IsBlankLineAfter(text, k)))
            {
                return -1;
            }
        }

        return -1;
    }
}
