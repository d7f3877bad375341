namespace PaperLsp.Features.Citations;

/// <summary>Finds LaTeX/biblatex citation commands and their key slots, tolerating half-typed commands.</summary>
internal static class LatexCitationScanner
{
    public static readonly IReadOnlySet<string> SingleKeyListCommands = new HashSet<string>(StringComparer.Ordinal)
    {
        "cite", "citep", "citet", "citeauthor", "citeyear", "citeyearpar", "citealp", "citealt", "citenum", "citetext",
        "Cite", "Citep", "Citet", "Citeauthor", "Citealp", "Citealt", "citetitle", "Citetitle", "citeurl", "citedate",
        "autocite", "Autocite", "parencite", "Parencite", "textcite", "Textcite", "footcite", "Footcite", "footcitetext",
        "smartcite", "Smartcite", "supercite", "fullcite", "footfullcite", "nocite", "citeA", "citeN", "shortcite",
    };

    public static readonly IReadOnlySet<string> MulticiteCommands = new HashSet<string>(StringComparer.Ordinal)
    {
        "cites", "Cites", "parencites", "Parencites", "textcites", "Textcites", "autocites", "Autocites",
        "footcites", "Footcites", "smartcites", "Smartcites", "supercites",
    };

    public static List<CitationCommand> Scan(string text, IReadOnlySet<string> customMacros) => Scan(text, customMacros, 0, text.Length);

    /// <summary>Commands starting in [from, to); <paramref name="from"/> must be a line start so comments are seen.</summary>
    public static List<CitationCommand> Scan(string text, IReadOnlySet<string> customMacros, int from, int to)
    {
        var result = new List<CitationCommand>();
        var i = from;
        while (i < to)
        {
            var c = text[i];
            if (c == '%')
            {
                i = LineEnd(text, i);
                continue;
            }

            if (c != '\\')
            {
                i++;
                continue;
            }

            var nameStart = i + 1;
            var j = nameStart;
            while (j < text.Length && char.IsAsciiLetter(text[j]))
            {
                j++;
            }

            if (j == nameStart)
            {
                i = Math.Min(text.Length, i + 2); // escaped character such as \% or \\
                continue;
            }

            var name = text[nameStart..j];
            var multi = MulticiteCommands.Contains(name);
            if (!multi && !SingleKeyListCommands.Contains(name) && !customMacros.Contains(name))
            {
                i = j;
                continue;
            }

            var command = ParseArguments(text, i, j, name, multi);
            if (command is null)
            {
                i = j;
                continue;
            }

            result.Add(command);
            i = Math.Max(command.End, j);
        }

        return result;
    }

    /// <summary>
    /// A window around <paramref name="offset"/> that holds every command that can contain it: from the line after the
    /// previous blank line to the next blank line (citation commands never span a paragraph break), bounded in size.
    /// </summary>
    public static (int Start, int End) ParagraphWindow(string text, int offset, int maxReach = 50_000)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var start = offset == 0 ? 0 : text.LastIndexOf('\n', offset - 1) + 1;
        var floor = Math.Max(0, offset - maxReach);
        while (start > floor)
        {
            var previousStart = start - 1 == 0 ? 0 : text.LastIndexOf('\n', start - 2) + 1;
            if (IsBlank(text, previousStart, start - 1))
            {
                break;
            }

            start = previousStart;
        }

        var end = LineEnd(text, offset);
        var ceiling = Math.Min(text.Length, offset + maxReach);
        while (end < ceiling)
        {
            var nextEnd = LineEnd(text, end + 1);
            if (IsBlank(text, end + 1, nextEnd))
            {
                break;
            }

            end = nextEnd;
        }

        return (start, Math.Min(end, text.Length));
    }

    private static bool IsBlank(string text, int from, int to)
    {
        for (var k = from; k < to && k < text.Length; k++)
        {
            if (!char.IsWhiteSpace(text[k]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the offset lies in a % comment (an unescaped % earlier on the same line).</summary>
    public static bool IsInComment(string text, int offset)
    {
        var lineStart = offset == 0 ? 0 : text.LastIndexOf('\n', Math.Min(offset, text.Length) - 1) + 1;
        for (var k = lineStart; k < offset && k < text.Length; k++)
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

    private static CitationCommand? ParseArguments(string text, int start, int afterName, string name, bool multi)
    {
        var position = afterName;
        if (position < text.Length && text[position] == '*')
        {
            position++;
        }

        var keys = new List<CitationKeySpan>();
        var groups = 0;
        var optionalArguments = 0;
        var parenthesisedNotes = 0;
        var end = position;
        var closed = true;
        while (true)
        {
            var next = SkipSpace(text, position);
            if (next >= text.Length)
            {
                break;
            }

            var ch = text[next];
            if (ch == '(' && multi && groups == 0 && optionalArguments == 0 && parenthesisedNotes < 2)
            {
                var close = FindClose(text, next, '(', ')');
                if (close < 0)
                {
                    return null;
                }

                parenthesisedNotes++;
                position = close + 1;
                continue;
            }

            if (ch == '[')
            {
                if ((!multi && groups > 0) || optionalArguments >= 2)
                {
                    break;
                }

                var close = FindClose(text, next, '[', ']');
                if (close < 0)
                {
                    break; // unclosed note: the cursor is in an optional argument, not in a key
                }

                optionalArguments++;
                position = close + 1;
                continue;
            }

            if (ch == '{')
            {
                if (!multi && groups > 0)
                {
                    break;
                }

                var (slots, groupEnd, groupClosed) = ParseKeyGroup(text, next + 1);
                keys.AddRange(slots);
                groups++;
                optionalArguments = 0;
                end = groupEnd;
                position = groupEnd;
                if (!groupClosed)
                {
                    closed = false;
                    break;
                }

                if (!multi)
                {
                    break;
                }

                continue;
            }

            break;
        }

        if (groups == 0)
        {
            return null;
        }

        return new CitationCommand(multi ? CitationSyntax.LatexMulticite : CitationSyntax.LatexCommand, name, start, end, keys, closed);
    }

    private static (List<CitationKeySpan> Slots, int End, bool Closed) ParseKeyGroup(string text, int from)
    {
        var close = FindKeyGroupClose(text, from);
        var closed = close >= 0;
        int limit;
        if (closed)
        {
            limit = close;
        }
        else
        {
            var newline = text.IndexOf('\n', from);
            limit = newline < 0 ? text.Length : newline;
            for (var k = from; k < limit; k++)
            {
                if (text[k] is '}' or '{' or '\\' or '[' or ']' or '$' or '%')
                {
                    limit = k;
                    break;
                }
            }
        }

        var slots = new List<CitationKeySpan>();
        var slotStart = from;
        var tokenStart = -1;
        var tokenEnd = -1;
        var k2 = from;
        while (true)
        {
            if (k2 >= limit || text[k2] == ',')
            {
                var slotEnd = k2;
                if (tokenStart < 0)
                {
                    slots.Add(new CitationKeySpan("", slotEnd, slotEnd, slotStart, slotEnd));
                }
                else
                {
                    if (!closed)
                    {
                        slotEnd = tokenEnd; // a half-typed key ends at the first space
                    }

                    slots.Add(new CitationKeySpan(text[tokenStart..tokenEnd], tokenStart, tokenEnd, slotStart, slotEnd));
                }

                if (k2 >= limit || (!closed && tokenStart >= 0 && tokenEnd < k2 && HasSpaceBetween(text, tokenEnd, k2)))
                {
                    break;
                }

                slotStart = k2 + 1;
                tokenStart = -1;
                tokenEnd = -1;
                k2++;
                continue;
            }

            var ch = text[k2];
            if (ch == '%')
            {
                k2 = Math.Min(LineEnd(text, k2), limit);
                continue;
            }

            if (!char.IsWhiteSpace(ch))
            {
                if (tokenStart < 0)
                {
                    tokenStart = k2;
                    tokenEnd = k2 + 1;
                }
                else if (closed || tokenEnd == k2)
                {
                    tokenEnd = k2 + 1;
                }
            }

            k2++;
        }

        return (slots, closed ? close + 1 : limit, closed);
    }

    private static bool HasSpaceBetween(string text, int from, int to)
    {
        for (var k = from; k < to; k++)
        {
            if (char.IsWhiteSpace(text[k]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The index of the brace closing a key list, or -1 when the list is not (yet) closed.</summary>
    private static int FindKeyGroupClose(string text, int from)
    {
        var sawTokenThenSpace = false;
        var inToken = false;
        for (var k = from; k < text.Length; k++)
        {
            var ch = text[k];
            switch (ch)
            {
                case '}':
                    return k;
                case ',':
                    inToken = false;
                    sawTokenThenSpace = false;
                    continue;
                case '%':
                    k = LineEnd(text, k);
                    if (inToken)
                    {
                        sawTokenThenSpace = true;
                        inToken = false;
                    }

                    continue;
                case '{' or '\\' or '[' or ']' or '$':
                    return -1;
                case '\n' when BlankLines.IsBlankLineAfter(text, k):
                    return -1;
            }

            if (char.IsWhiteSpace(ch))
            {
                if (inToken)
                {
                    sawTokenThenSpace = true;
                    inToken = false;
                }

                continue;
            }

            if (sawTokenThenSpace)
            {
                return -1; // two words in one slot: not a key list, the user is still typing
            }

            inToken = true;
        }

        return -1;
    }

    /// <summary>Index of the bracket closing the one at <paramref name="open"/>, or -1 (unclosed within the paragraph).</summary>
    private static int FindClose(string text, int openIndex, char open, char close)
    {
        var depth = 0;
        var braces = 0;
        for (var k = openIndex; k < text.Length; k++)
        {
            var ch = text[k];
            if (ch == '\\')
            {
                k++;
                continue;
            }

            if (ch == '%')
            {
                k = LineEnd(text, k);
                continue;
            }

            if (ch == '\n' && BlankLines.IsBlankLineAfter(text, k))
            {
                return -1;
            }

            if (ch == '{')
            {
                braces++;
            }
            else if (ch == '}')
            {
                braces--;
                if (braces < 0)
                {
                    return -1;
                }
            }
            else if (braces == 0 && ch == open)
            {
                depth++;
            }
            else if (braces == 0 && ch == close)
            {
                depth--;
                if (depth == 0)
                {
                    return k;
                }
            }
        }

        return -1;
    }

    /// <summary>Skips spaces, single line breaks and % comments; stops at a blank line.</summary>
    private static int SkipSpace(string text, int from)
    {
        var k = from;
        var newlines = 0;
        while (k < text.Length)
        {
            var ch = text[k];
            if (ch == '%')
            {
                k = LineEnd(text, k);
                newlines = 0; // a comment line is not a blank line
                continue;
            }

            if (ch == '\n')
            {
                newlines++;
                if (newlines > 1)
                {
                    return text.Length; // a paragraph break ends the command
                }

                k++;
                continue;
            }

            if (ch is ' ' or '\t' or '\r')
            {
                k++;
                continue;
            }

            break;
        }

        return k;
    }

    /// <summary>Index of the '\n' ending the line that holds <paramref name="from"/>, or the text length.</summary>
    public static int LineEnd(string text, int from)
    {
        var newline = text.IndexOf('\n', from);
        return newline < 0 ? text.Length : newline;
    }
}
