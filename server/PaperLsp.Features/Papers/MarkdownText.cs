using System.Text;

namespace PaperLsp.Features.Papers;

/// <summary>Escapes text for inclusion in Markdown.</summary>
internal static class MarkdownText
{
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var ch in text)
        {
            if (ch is '\\' or '*' or '_' or '[' or ']' or '`' or '<' or '>' or '#' or '|')
            {
                builder.Append('\\');
            }

            builder.Append(ch is '\r' or '\n' ? ' ' : ch);
        }

        return builder.ToString();
    }
}
