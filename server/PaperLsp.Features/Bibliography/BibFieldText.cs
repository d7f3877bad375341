using System.Text;
using System.Text.RegularExpressions;

namespace PaperLsp.Features.Bibliography;

/// <summary>Turns raw BibTeX field values into display text (braces, common accents and escapes resolved, spaces collapsed).</summary>
internal static partial class BibFieldText
{
    private static readonly Dictionary<string, string> Accents = new(StringComparer.Ordinal)
    {
        ["\\\"a"] = "ä", ["\\\"o"] = "ö", ["\\\"u"] = "ü", ["\\\"A"] = "Ä", ["\\\"O"] = "Ö", ["\\\"U"] = "Ü",
        ["\\'e"] = "é", ["\\'a"] = "á", ["\\'i"] = "í", ["\\'o"] = "ó", ["\\'u"] = "ú", ["\\'E"] = "É", ["\\'c"] = "ć",
        ["\\`e"] = "è", ["\\`a"] = "à", ["\\^e"] = "ê", ["\\^o"] = "ô", ["\\~n"] = "ñ", ["\\c c"] = "ç", ["\\c{c}"] = "ç",
        ["\\ss"] = "ß", ["\\o"] = "ø", ["\\aa"] = "å", ["\\l"] = "ł", ["\\i"] = "ı",
    };

    public static string Clean(string raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return "";
        }

        var text = raw;
        foreach (var (latex, unicode) in Accents)
        {
            text = text.Replace("{" + latex + "}", unicode, StringComparison.Ordinal).Replace(latex, unicode, StringComparison.Ordinal);
        }

        text = text.Replace("\\&", "&", StringComparison.Ordinal).Replace("\\%", "%", StringComparison.Ordinal)
            .Replace("\\_", "_", StringComparison.Ordinal).Replace("\\$", "$", StringComparison.Ordinal)
            .Replace("---", "—", StringComparison.Ordinal).Replace("--", "–", StringComparison.Ordinal).Replace('~', ' ');
        text = FormattingCommand().Replace(text, "$1");
        var builder = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (ch is not ('{' or '}'))
            {
                builder.Append(ch);
            }
        }

        return Whitespace().Replace(builder.ToString(), " ").Trim();
    }

    /// <summary>"Vaswani, Ashish and Shazeer, Noam" → ["Ashish Vaswani", "Noam Shazeer"]; "others" is dropped.</summary>
    public static IReadOnlyList<string> Authors(string raw)
    {
        var authors = new List<string>();
        foreach (var part in AuthorSeparator().Split(raw))
        {
            var name = Clean(part);
            if (name.Length == 0 || name.Equals("others", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var comma = name.IndexOf(',', StringComparison.Ordinal);
            if (comma > 0)
            {
                var family = name[..comma].Trim();
                var given = name[(comma + 1)..].Trim();
                name = given.Length == 0 ? family : given + " " + family;
            }

            authors.Add(name);
        }

        return authors;
    }

    [GeneratedRegex(@"\\(?:emph|textit|textbf|textsc|texttt|mathrm|mathbf|mathcal|text|url|bf|it|em|sc)\s*\{([^{}]*)\}")]
    private static partial Regex FormattingCommand();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\s+and\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorSeparator();
}
