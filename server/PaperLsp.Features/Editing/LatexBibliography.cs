using System.Text.RegularExpressions;
using PaperLsp.Features.Citations;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Editing;

/// <summary>What a LaTeX document says about its bibliography: the .bib files it names, its package, and the command that adds one.</summary>
public static partial class LatexBibliography
{
    /// <summary>The .bib files named by uncommented \bibliography/\addbibresource commands, as full paths next to the document.</summary>
    public static IReadOnlyList<string> NamedFiles(string documentPath, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var directory = System.IO.Path.GetDirectoryName(documentPath) ?? "";
        var named = new List<string>();
        foreach (Match match in BibliographyCommand().Matches(text))
        {
            if (LatexCitationScanner.IsInComment(text, match.Index))
            {
                continue;
            }

            foreach (var name in match.Groups["names"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var file = name.EndsWith(".bib", StringComparison.OrdinalIgnoreCase) ? name : name + ".bib";
                named.Add(Normalise(System.IO.Path.Combine(directory, file)));
            }
        }

        return named;
    }

    /// <summary>True when the document loads biblatex.</summary>
    public static bool UsesBiblatex(string text) => Package(text, "biblatex");

    /// <summary>True when the document loads natbib.</summary>
    public static bool UsesNatbib(string text) => Package(text, "natbib");

    /// <summary>
    /// The insertions that make the document use <paramref name="bibPath"/>: <c>\addbibresource</c> before
    /// <c>\begin{document}</c> (+ <c>\printbibliography</c>) with biblatex, else <c>\bibliographystyle</c> (when
    /// missing) and <c>\bibliography</c> before <c>\end{document}</c>. Empty for a fragment without
    /// <c>\begin{document}</c> (an \input file: the main file owns the bibliography).
    /// </summary>
    public static IReadOnlyList<TextEdit> UseFile(string documentPath, string text, string bibPath)
    {
        ArgumentNullException.ThrowIfNull(text);
        var begin = Uncommented(text, @"\begin{document}");
        if (begin < 0)
        {
            return [];
        }

        var end = Uncommented(text, @"\end{document}");
        var endAt = end >= 0 ? end : text.Length;
        var directory = System.IO.Path.GetDirectoryName(documentPath) ?? "";
        var relative = System.IO.Path.GetRelativePath(directory.Length > 0 ? directory : ".", bibPath).Replace('\\', '/');
        var lineBreakBeforeEnd = endAt > 0 && text[endAt - 1] != '\n' ? "\n" : "";
        if (UsesBiblatex(text))
        {
            var edits = new List<TextEdit> { TextEdit.Insert(begin, "\\addbibresource{" + relative + "}\n") };
            if (!text.Contains("\\printbibliography", StringComparison.Ordinal))
            {
                edits.Add(TextEdit.Insert(endAt, lineBreakBeforeEnd + "\\printbibliography\n"));
            }

            return edits;
        }

        var name = relative.EndsWith(".bib", StringComparison.OrdinalIgnoreCase) ? relative[..^4] : relative;
        var style = text.Contains("\\bibliographystyle", StringComparison.Ordinal) ? "" : "\\bibliographystyle{" + (UsesNatbib(text) ? "plainnat" : "plain") + "}\n";
        return [TextEdit.Insert(endAt, lineBreakBeforeEnd + style + "\\bibliography{" + name + "}\n")];
    }

    /// <summary>A full path with '/' separators, for comparisons.</summary>
    public static string Normalise(string path)
    {
        try
        {
            return System.IO.Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return path;
        }
    }

    private static bool Package(string text, string name)
    {
        foreach (Match match in UsePackage().Matches(text))
        {
            if (!LatexCitationScanner.IsInComment(text, match.Index)
                && match.Groups["names"].Value.Split(',', StringSplitOptions.TrimEntries).Contains(name, StringComparer.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Where <paramref name="command"/> first occurs outside a comment, or -1.</summary>
    internal static int Uncommented(string text, string command)
    {
        for (var at = text.IndexOf(command, StringComparison.Ordinal); at >= 0; at = text.IndexOf(command, at + 1, StringComparison.Ordinal))
        {
            if (!LatexCitationScanner.IsInComment(text, at))
            {
                return at;
            }
        }

        return -1;
    }

    [GeneratedRegex(@"\\(?:bibliography|addbibresource)\s*(?:\[[^\]]*\])?\s*\{(?<names>[^{}]*)\}")]
    private static partial Regex BibliographyCommand();

    [GeneratedRegex(@"\\(?:usepackage|RequirePackage)\s*(?:\[[^\]]*\])?\s*\{(?<names>[^{}]*)\}")]
    private static partial Regex UsePackage();
}
