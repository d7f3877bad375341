using PaperLsp.Features.Text;

namespace PaperLsp.Features.Citations;

/// <summary>Finds LaTeX/biblatex citation commands and their key slots, tolerating half-typed commands.</summary>
internal static class LatexCitationScanner
{
    private static readonly HashSet<string> SingleKeyList = new(StringComparer.Ordinal)
    {
        "cite", "citep", "citet", "citeauthor", "citeyear", "citeyearpar", "citealp", "citealt", "citenum", "citetext",
        "Cite", "Citep", "Citet", "Citeauthor", "Citealp", "Citealt", "citetitle", "Citetitle", "citeurl", "citedate",
        "autocite", "Autocite", "parencite", "Parencite", "textcite", "Textcite", "footcite", "Footcite", "footcitetext",
        "smartcite", "Smartcite", "supercite", "fullcite", "footfullcite", "nocite", "citeA", "citeN", "shortcite",
    };

    private static readonly HashSet<string> Multicite = new(StringComparer.Ordinal)
    {
        "cites", "Cites", "parencites", "Parencites", "textcites", "Textcites", "autocites", "Autocites",
        "footcites", "Footcites", "smartcites", "Smartcites", "supercites",
    };

    // Command names are looked up as spans of the text: no string per command of the document.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> SingleKeyListByName = SingleKeyList.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> MulticiteByName = Multicite.GetAlternateLookup<ReadOnlySpan<char>>();

    public static IReadOnlySet<string> SingleKeyListCommands => SingleKeyList;

    public static IReadOnlySet<string> MulticiteCommands => Multicite;

    public static List<CitationCommand> Scan(string text, IReadOnlySet<string> customMacros) => Scan(text, customMacros, 0, text.Length);

    /// <summary>
    /// Commands starting in [from, to); <paramref name="from"/> must be a line start, or a place where reading can start
    /// as at one (<see cref="LatexLineCut.ScanStart"/>), so comments are seen.
    /// </summary>
    public static List<CitationCommand> Scan(string text, IReadOnlySet<string> customMacros, int from, int to)
    {
        var result = new List<CitationCommand>();
        var i = from;
        while (i < to)
        {
            // only '%' and '\' matter between commands: jump to the next one (vectorised)
            var next = text.AsSpan(i, to - i).IndexOfAny('%', '\\');
            if (next < 0)
            {
                break;
            }

            i += next;
            if (text[i] == '%')
            {
                i = LineEnd(text, i);
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

            var nameSpan = text.AsSpan(nameStart, j - nameStart);
            var multi = MulticiteByName.Contains(nameSpan);
            if (!multi && !SingleKeyListByName.Contains(nameSpan) && (customMacros.Count == 0 || !customMacros.Contains(nameSpan.ToString())))
            {
                i = j;
                continue;
            }

            var command = ParseArguments(text, i, j, nameSpan.ToString(), multi);
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
    /// previous blank line to the next blank line (citation commands never span a paragraph break), bounded in size:
    /// whole lines up to <paramref name="maxReach"/> characters away, and inside a line that goes on more than twice as
    /// far (a document of one long line) cut at that distance (<see cref="LatexLineCut.ScanStart"/>).
    /// </summary>
    public static (int Start, int End) ParagraphWindow(string text, int offset, int maxReach = 50_000)
    {
        offset = Math.Clamp(offset, 0, text.Length);

        // Line breaks are looked for only up to twice the reach away: a line that goes on further is cut.
        var floor = Math.Max(0, offset - maxReach);
        var bound = Math.Max(0, offset - (2 * maxReach));
        var start = LineStartWithin(text, offset, bound);
        while (start > floor)
        {
            var previousStart = LineStartWithin(text, start - 1, bound);
            if (previousStart < 0)
            {
                start = -1;
                break;
            }

            if (IsBlank(text, previousStart, start - 1))
            {
                break;
            }

            start = previousStart;
        }

        if (start < 0)
        {
            start = Math.Min(offset, LatexLineCut.ScanStart(text, floor));
        }

        var ceiling = Math.Min(text.Length, offset + maxReach);
        var endBound = Math.Min(text.Length, offset + (2 * maxReach));
        var end = LineEndWithin(text, offset, endBound);
        while (end >= 0 && end < ceiling)
        {
            var nextEnd = LineEndWithin(text, end + 1, endBound);
            if (nextEnd < 0)
            {
                end = -1;
                break;
            }

            if (IsBlank(text, end + 1, nextEnd))
            {
                break;
            }

            end = nextEnd;
        }

        return (start, end < 0 ? ceiling : Math.Min(end, text.Length));
    }

    /// <summary>The start of the line holding <paramref name="offset"/> when it is at or after <paramref name="bound"/>, else -1.</summary>
    private static int LineStartWithin(string text, int offset, int bound)
    {
        if (offset <= bound)
        {
            return bound == 0 ? 0 : -1;
        }

        var newline = text.LastIndexOf('\n', offset - 1, offset - bound);
        return newline >= 0 ? newline + 1 : bound == 0 ? 0 : -1;
    }

    /// <summary>The end of the line holding <paramref name="from"/> (its '\n' or the text's end) when it is before <paramref name="bound"/>, else -1.</summary>
    private static int LineEndWithin(string text, int from, int bound)
    {
        if (from >= bound)
        {
            return bound == text.Length ? text.Length : -1;
        }

        var newline = text.IndexOf('\n', from, bound - from);
        return newline >= 0 ? newline : bound == text.Length ? text.Length : -1;
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

    /// <summary>
    /// True when the offset lies in a % comment (an unescaped % earlier on the same line). Searched backwards from the
    /// offset: a % is escaped exactly when an odd run of backslashes precedes it, so the nearest unescaped % or the line
    /// start decides, and a long line is not read from its start.
    /// </summary>
    public static bool IsInComment(string text, int offset) => IsInComment(ChunkedText.Of(text), offset);

    private static readonly System.Buffers.SearchValues<char> PercentOrNewline = System.Buffers.SearchValues.Create("%\n");

    /// <inheritdoc cref="IsInComment(string, int)"/>
    public static bool IsInComment(ChunkedText text, int offset)
    {
        var k = Math.Min(offset, text.Length);
        while (k > 0)
        {
            var found = text.LastIndexOfAny(PercentOrNewline, 0, k);
            if (found < 0 || text[found] == '\n')
            {
                return false;
            }

            if (!LatexLineCut.IsEscaped(text, found))
            {
                return true;
            }

            k = found;
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
    public static int LineEnd(ChunkedText text, int from)
    {
        var newline = text.IndexOfAny(NewlineOnly, from, text.Length);
        return newline < 0 ? text.Length : newline;
    }

    private static readonly System.Buffers.SearchValues<char> NewlineOnly = System.Buffers.SearchValues.Create("\n");

    /// <summary>The end of the line holding <paramref name="from"/> (its '\n' or the text's end).</summary>
    public static int LineEnd(string text, int from)
    {
        var newline = text.IndexOf('\n', from);
        return newline < 0 ? text.Length : newline;
    }
}
