using System.Text;

namespace PaperLsp.Server.Services;

/// <summary>
/// Plain text for clients that cannot show Markdown (hover <c>contentFormat</c> without <c>markdown</c>): the
/// Markdown the feature code writes (emphasis, code spans, links, backslash escapes, list dashes) read as a person
/// would read it, with links as <c>text &lt;url&gt;</c>.
/// </summary>
public static class MarkdownPlainText
{
    /// <summary>The plain-text reading of a Markdown string.</summary>
    public static string From(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var text = new StringBuilder(markdown.Length);
        var i = 0;
        while (i < markdown.Length)
        {
            var c = markdown[i];
            if (c == '\\' && i + 1 < markdown.Length && char.IsAsciiLetterOrDigit(markdown[i + 1]) is false && !char.IsWhiteSpace(markdown[i + 1]))
            {
                text.Append(markdown[i + 1]);
                i += 2;
            }
            else if (c is '*' or '`')
            {
                i++;
            }
            else if (c == '[' && LinkAt(markdown, i) is { } link)
            {
                text.Append(From(link.Label)).Append(" <").Append(link.Url).Append('>');
                i = link.End;
            }
            else
            {
                text.Append(c);
                i++;
            }
        }

        return text.ToString();
    }

    /// <summary>An inline link <c>[label](url)</c> starting at <paramref name="start"/>, or null.</summary>
    private static (string Label, string Url, int End)? LinkAt(string markdown, int start)
    {
        var depth = 0;
        for (var i = start; i < markdown.Length; i++)
        {
            if (markdown[i] == '\\')
            {
                i++;
            }
            else if (markdown[i] == '[')
            {
                depth++;
            }
            else if (markdown[i] == ']' && --depth == 0)
            {
                if (i + 1 >= markdown.Length || markdown[i + 1] != '(')
                {
                    return null;
                }

                var close = markdown.IndexOf(')', i + 2);
                return close < 0 ? null : (markdown[(start + 1)..i], markdown[(i + 2)..close], close + 1);
            }
        }

        return null;
    }
}
