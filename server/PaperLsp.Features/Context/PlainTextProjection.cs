using System.Text;
using PaperLsp.Features.Citations;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Context;

/// <summary>
/// Prose of a document region as plain text (markup, math, comments and citations removed), with a map from every
/// plain character back to its source offset so sentence bounds can be found in the source.
/// </summary>
internal sealed class PlainTextProjection
{
    private static readonly HashSet<string> DroppedWithArgument = new(StringComparer.Ordinal)
    {
        "ref", "eqref", "autoref", "cref", "Cref", "pageref", "label", "url", "includegraphics", "input", "include",
        "bibliography", "bibliographystyle", "addbibresource", "vspace", "hspace", "todo", "footnote", "begin", "end",
        "usepackage", "documentclass", "newcommand", "renewcommand", "setlength", "color", "textcolor",
    };

    private static readonly HashSet<string> MathEnvironments = new(StringComparer.Ordinal)
    {
        "equation", "equation*", "align", "align*", "gather", "gather*", "multline", "multline*", "eqnarray", "eqnarray*",
        "math", "displaymath", "verbatim", "lstlisting", "minted", "tikzpicture", "algorithmic",
    };

    private readonly StringBuilder plain = new();
    private readonly List<int> sources = [];

    private PlainTextProjection()
    {
    }

    /// <summary>The plain text.</summary>
    public string Text { get; private set; } = "";

    /// <summary>Source offset of each plain char; one extra element maps the end.</summary>
    public IReadOnlyList<int> SourceOffsets => sources;

    public static PlainTextProjection Build(string text, int start, int end, DocumentLanguage language, IReadOnlyList<CitationCommand> citations)
    {
        var projection = new PlainTextProjection();
        if (language == DocumentLanguage.Latex)
        {
            projection.ProjectLatex(text, start, end, citations);
        }
        else
        {
            projection.ProjectMarkup(text, start, end, language, citations);
        }

        projection.Text = projection.plain.ToString();
        projection.sources.Add(end);
        return projection;
    }

    /// <summary>The first plain index whose source offset is at or after <paramref name="offset"/>.</summary>
    public int PlainIndexOf(int offset)
    {
        var low = 0;
        var high = sources.Count - 1;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (sources[mid] < offset)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return Math.Min(low, Text.Length);
    }

    private void Emit(char ch, int source)
    {
        if (char.IsWhiteSpace(ch))
        {
            if (plain.Length == 0 || plain[^1] == ' ')
            {
                return;
            }

            ch = ' ';
        }
        else if (ch is '.' or ',' or ';' or ':' or '!' or '?' && plain.Length > 0 && plain[^1] == ' ')
        {
            plain.Length--; // "modelling \cite{x}." reads "modelling."
            sources.RemoveAt(sources.Count - 1);
        }

        plain.Append(ch);
        sources.Add(source);
    }

    private void EmitSpace(int source) => Emit(' ', source);

    private static Dictionary<int, int> CitationJumps(IReadOnlyList<CitationCommand> citations)
    {
        var jumps = new Dictionary<int, int>();
        foreach (var citation in citations)
        {
            jumps.TryAdd(citation.Start, citation.End);
        }

        return jumps;
    }

    private void ProjectLatex(string text, int start, int end, IReadOnlyList<CitationCommand> citations)
    {
        var jumps = CitationJumps(citations);
        var i = start;
        while (i < end)
        {
            if (jumps.TryGetValue(i, out var jump) && jump > i)
            {
                i = jump;
                continue;
            }

            var ch = text[i];
            switch (ch)
            {
                case '%':
                    i = LatexCitationScanner.LineEnd(text, i);
                    continue;
                case '{' or '}':
                    i++;
                    continue;
                case '~':
                    EmitSpace(i);
                    i++;
                    continue;
                case '$':
                    i = SkipDollarMath(text, i, end);
                    EmitSpace(i - 1);
                    continue;
                case '\\':
                    i = ProjectLatexCommand(text, i, end);
                    continue;
                default:
                    Emit(ch, i);
                    i++;
                    continue;
            }
        }
    }

    private int ProjectLatexCommand(string text, int i, int end)
    {
        if (i + 1 >= end)
        {
            return end;
        }

        var next = text[i + 1];
        if (!char.IsAsciiLetter(next))
        {
            switch (next)
            {
                case '(' or '[':
                    var close = text.IndexOf(next == '(' ? "\\)" : "\\]", i + 2, end - (i + 2), StringComparison.Ordinal);
                    var after = close < 0 || close >= end ? end : close + 2;
                    EmitSpace(i);
                    return after;
                case '&' or '%' or '_' or '$' or '#' or '{' or '}':
                    Emit(next, i + 1);
                    return i + 2;
                default:
                    EmitSpace(i);
                    return i + 2;
            }
        }

        var j = i + 1;
        while (j < end && char.IsAsciiLetter(text[j]))
        {
            j++;
        }

        var name = text[(i + 1)..j];
        if (j < end && text[j] == '*')
        {
            j++;
        }

        if (name == "begin")
        {
            var environment = ReadBraced(text, j, end, out var afterName);
            if (environment is not null && MathEnvironments.Contains(environment))
            {
                var endTag = "\\end{" + environment + "}";
                var close = text.IndexOf(endTag, afterName, end - afterName, StringComparison.Ordinal);
                EmitSpace(i);
                return close < 0 || close >= end ? end : close + endTag.Length;
            }

            return SkipOptional(text, afterName, end);
        }

        if (DroppedWithArgument.Contains(name))
        {
            var k = SkipOptional(text, j, end);
            if (k < end && text[k] == '{')
            {
                k = MatchBrace(text, k, end);
            }

            EmitSpace(i);
            return k;
        }

        // any other command: drop the name and optional arguments, keep the words of its braced arguments
        EmitSpace(i);
        return SkipOptional(text, j, end);
    }

    private static string? ReadBraced(string text, int from, int end, out int after)
    {
        after = from;
        if (from >= end || text[from] != '{')
        {
            return null;
        }

        var close = MatchBrace(text, from, end);
        after = close;
        return text[(from + 1)..Math.Max(from + 1, close - 1)];
    }

    private static int SkipOptional(string text, int from, int end)
    {
        var k = from;
        while (k < end && text[k] == '[')
        {
            var close = text.IndexOf(']', k, end - k);
            if (close < 0 || close >= end)
            {
                return k;
            }

            k = close + 1;
        }

        return k;
    }

    /// <summary>Index after the brace matching the one at <paramref name="open"/>.</summary>
    private static int MatchBrace(string text, int open, int end)
    {
        var depth = 0;
        for (var k = open; k < end; k++)
        {
            if (text[k] == '\\')
            {
                k++;
            }
            else if (text[k] == '{')
            {
                depth++;
            }
            else if (text[k] == '}' && --depth == 0)
            {
                return k + 1;
            }
        }

        return end;
    }

    private static int SkipDollarMath(string text, int i, int end)
    {
        var display = i + 1 < end && text[i + 1] == '$';
        var k = i + (display ? 2 : 1);
        while (k < end)
        {
            if (text[k] == '\\')
            {
                k += 2;
                continue;
            }

            if (text[k] == '$')
            {
                return display && k + 1 < end && text[k + 1] == '$' ? k + 2 : k + 1;
            }

            if (text[k] == '\n' && !display && k + 1 < end && text[k + 1] == '\n')
            {
                return k; // unclosed inline math stops at a paragraph break
            }

            k++;
        }

        return end;
    }

    private void ProjectMarkup(string text, int start, int end, DocumentLanguage language, IReadOnlyList<CitationCommand> citations)
    {
        var excluded = language == DocumentLanguage.Typst ? CodeRegions.Typst(text) : CodeRegions.Markdown(text);
        var jumps = CitationJumps(citations);
        var lineStart = true;
        var i = start;
        while (i < end)
        {
            if (jumps.TryGetValue(i, out var jump) && jump > i)
            {
                i = jump;
                continue;
            }

            if (excluded[i])
            {
                EmitSpace(i);
                while (i < end && excluded[i])
                {
                    i++;
                }

                continue;
            }

            var ch = text[i];
            if (lineStart)
            {
                var k = i;
                while (k < end && text[k] is ' ' or '\t')
                {
                    k++;
                }

                while (k < end && text[k] is '#' or '>' or '=')
                {
                    k++;
                }

                if (k + 1 < end && text[k] is '-' or '*' or '+' && text[k + 1] == ' ')
                {
                    k += 2;
                }

                lineStart = false;
                if (k != i)
                {
                    i = k;
                    continue;
                }
            }

            switch (ch)
            {
                case '\n':
                    lineStart = true;
                    EmitSpace(i);
                    i++;
                    continue;
                case '*' or '_' or '`' or '[' or '\\':
                    i++;
                    continue;
                case '!' when i + 1 < end && text[i + 1] == '[':
                    i++;
                    continue;
                case ']' when i + 1 < end && text[i + 1] == '(':
                    var close = text.IndexOf(')', i, end - i);
                    i = close < 0 || close >= end ? end : close + 1;
                    continue;
                case ']':
                    i++;
                    continue;
                case '$':
                    i = SkipDollarMath(text, i, end);
                    EmitSpace(i - 1);
                    continue;
                case '<' when language == DocumentLanguage.Typst:
                    var label = text.IndexOf('>', i, end - i);
                    i = label < 0 || label >= end || label - i > 80 ? i + 1 : label + 1;
                    continue;
                case '#' when language == DocumentLanguage.Typst:
                    i++;
                    while (i < end && (char.IsLetterOrDigit(text[i]) || text[i] is '.' or '-' or '_'))
                    {
                        i++;
                    }

                    if (i < end && text[i] == '(')
                    {
                        var paren = text.IndexOf(')', i, end - i);
                        i = paren < 0 || paren >= end ? end : paren + 1;
                    }

                    continue;
                default:
                    Emit(ch, i);
                    i++;
                    continue;
            }
        }
    }
}
