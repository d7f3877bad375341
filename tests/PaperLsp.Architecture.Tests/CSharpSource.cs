using System.Text;
using System.Text.RegularExpressions;

namespace PaperLsp.Architecture.Tests;

/// <summary>
/// Just enough C# reading for a dependency graph, without a compiler: drops comments and literals, then reads
/// the namespace, the using directives, the declared type names and the identifiers a file names.
/// </summary>
public static partial class CSharpSource
{
    /// <summary>Reads one file's text.</summary>
    public static SourceFile Parse(string path, string text)
    {
        var code = StripCommentsAndLiterals(text);
        var ns = NamespaceRegex().Match(code) is { Success: true } m ? m.Groups[1].Value : "";
        var usings = new List<string>();
        foreach (Match u in UsingRegex().Matches(code))
        {
            usings.Add(u.Groups[1].Value);
        }

        var types = new List<string>();
        foreach (Match t in TypeDeclarationRegex().Matches(code))
        {
            types.Add(t.Groups[1].Value);
        }

        foreach (Match d in DelegateRegex().Matches(code))
        {
            types.Add(d.Groups[1].Value);
        }

        // Identifiers and dotted names outside the directives (the namespace and using lines name no type use).
        var body = DirectiveLineRegex().Replace(code, "");
        var names = new List<string>();
        foreach (Match n in DottedNameRegex().Matches(body))
        {
            names.Add(n.Value);
        }

        return new SourceFile(path, ns, usings, types, names);
    }

    /// <summary>The code with comments, strings and character literals replaced by blanks (line breaks kept).</summary>
    public static string StripCommentsAndLiterals(string text)
    {
        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (c == '/' && next == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && next == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 2;
                sb.Append(' ');
            }
            else if (c == '"' && next == '"' && i + 2 < text.Length && text[i + 2] == '"')
            {
                // Raw string literal: as many quotes close it as opened it.
                var start = i;
                while (i < text.Length && text[i] == '"')
                {
                    i++;
                }

                var fence = new string('"', i - start);
                var end = text.IndexOf(fence, i, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + fence.Length;
                sb.Append("\"\"");
            }
            else if (c == '"' || (c is '@' or '$' && (next == '"' || (next is '@' or '$' && i + 2 < text.Length && text[i + 2] == '"'))))
            {
                var verbatim = false;
                while (text[i] != '"')
                {
                    verbatim |= text[i] == '@';
                    i++;
                }

                i++;
                while (i < text.Length)
                {
                    if (verbatim && text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        i += 2;
                    }
                    else if (!verbatim && text[i] == '\\')
                    {
                        i += 2;
                    }
                    else if (text[i] == '"')
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        i++;
                    }
                }

                sb.Append("\"\"");
            }
            else if (c == '\'')
            {
                i++;
                while (i < text.Length && text[i] != '\'')
                {
                    i += text[i] == '\\' ? 2 : 1;
                }

                i++;
                sb.Append("' '");
            }
            else
            {
                sb.Append(c);
                i++;
            }
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceRegex();

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?!static\b)([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingRegex();

    [GeneratedRegex(@"^\s*(?:global\s+)?(?:using|namespace)\b[^;{]*[;{]?", RegexOptions.Multiline)]
    private static partial Regex DirectiveLineRegex();

    [GeneratedRegex(@"\b(?:class|struct|interface|enum|record(?:\s+(?:class|struct))?)\s+(?!with\b)([A-Za-z_]\w*)")]
    private static partial Regex TypeDeclarationRegex();

    [GeneratedRegex(@"\bdelegate\s+[\w<>\[\],.?\s]+?\s([A-Za-z_]\w*)\s*[<(]")]
    private static partial Regex DelegateRegex();

    [GeneratedRegex(@"(?<![\w.])(?:global::)?[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*")]
    private static partial Regex DottedNameRegex();
}
