using System.Text.RegularExpressions;
using PaperLsp.Features.Citations;

namespace PaperLsp.Features.Editing;

/// <summary>
/// The main file of the LaTeX project a fragment belongs to (a section file that <c>\input</c>s into
/// <c>main.tex</c>), so that the fragment's citations go where the main file's <c>\bibliography</c> points: named by a
/// <c>% !TeX root = …</c> comment, else a .tex file in the fragment's folder or up to two folders above that
/// <c>\input</c>s, <c>\include</c>s, <c>\subfile</c>s or <c>\import</c>s it (followed up while that file is itself a
/// fragment). A file with its own <c>\begin{document}</c> is its own root.
/// </summary>
public static partial class LatexProject
{
    /// <summary>How many folders (the fragment's and those above it) are looked through.</summary>
    private const int FoldersUp = 3;

    /// <summary>How many .tex files of one folder are read at most.</summary>
    private const int FilesPerFolder = 64;

    /// <summary>How many fragments deep an include chain is followed.</summary>
    private const int MaxDepth = 4;

    /// <summary>
    /// The root of <paramref name="document"/> (path and text), or null when it is its own root or none is found.
    /// </summary>
    public static EditedDocument? RootOf(EditedDocument document, LatexProjectFiles files)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(files);
        var readFile = files.ReadTex;
        var texFilesIn = files.TexFilesIn;
        var current = document;
        var visited = new HashSet<string>(StringComparer.Ordinal) { Full(document.Path) };
        EditedDocument? root = null;
        for (var depth = 0; depth < MaxDepth && IsFragment(current.Text); depth++)
        {
            var parent = Named(current, readFile) ?? Including(current, readFile, texFilesIn, visited);
            if (parent is null || !visited.Add(Full(parent.Path)))
            {
                break;
            }

            root = parent;
            current = parent;
        }

        return root;
    }

    /// <summary>
    /// The .bib files a LaTeX document uses: those its own <c>\bibliography</c> / <c>\addbibresource</c> name, else (a
    /// fragment naming none) those of its main file (<see cref="RootOf"/>, passed in by the caller that found it). Empty
    /// when neither names one. The one rule for where a document's citations come from and go to.
    /// </summary>
    public static IReadOnlyList<string> BibliographyFiles(EditedDocument document, Func<EditedDocument?> root)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(root);
        var named = LatexBibliography.NamedFiles(document.Path, document.Text);
        return named.Count == 0 && root() is { } main ? LatexBibliography.NamedFiles(main.Path, main.Text) : named;
    }

    /// <summary>True when the text has no uncommented <c>\begin{document}</c> (a file meant to be included).</summary>
    public static bool IsFragment(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return LatexBibliography.Uncommented(text, @"\begin{document}") < 0;
    }

    private static EditedDocument? Named(EditedDocument document, Func<string, string?> readFile)
    {
        var match = MagicRoot().Match(document.Text);
        if (!match.Success)
        {
            return null;
        }

        var path = Full(Path.Combine(Path.GetDirectoryName(document.Path) ?? "", match.Groups["path"].Value.Trim()));
        return readFile(path) is { } text ? document with { Path = path, Text = text } : null;
    }

    private static EditedDocument? Including(EditedDocument document, Func<string, string?> readFile, Func<string, IEnumerable<string>> texFilesIn, HashSet<string> visited)
    {
        var target = Full(document.Path);
        var folder = Path.GetDirectoryName(target);
        for (var up = 0; up < FoldersUp && !string.IsNullOrEmpty(folder); up++, folder = Path.GetDirectoryName(folder))
        {
            IEnumerable<string> files;
            try
            {
                files = texFilesIn(folder).Select(Full).Where(f => !visited.Contains(f)).Order(StringComparer.Ordinal).Take(FilesPerFolder).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var file in files)
            {
                if (readFile(file) is { } text && Includes(text, Path.GetDirectoryName(file) ?? "", target))
                {
                    return document with { Path = file, Text = text };
                }
            }
        }

        return null;
    }

    /// <summary>Whether the text (of a file in <paramref name="folder"/>) includes the file at <paramref name="target"/>.</summary>
    private static bool Includes(string text, string folder, string target)
    {
        if (!text.Contains(Path.GetFileNameWithoutExtension(target), StringComparison.Ordinal))
        {
            return false; // the file's name is not even written there (most files, cheaply)
        }

        foreach (Match match in IncludeCommand().Matches(text))
        {
            if (LatexCitationScanner.IsInComment(text, match.Index))
            {
                continue;
            }

            // \input paths are relative to where LaTeX runs (the main file's folder), which for a fragment that includes
            // another may be a folder above it: its own folder and those above are all tried
            var name = match.Groups["name"].Value.Trim();
            var from = folder;
            for (var up = 0; up < FoldersUp && !string.IsNullOrEmpty(from); up++, from = Path.GetDirectoryName(from))
            {
                var baseFolder = match.Groups["dir"].Success ? Path.Combine(from, match.Groups["dir"].Value.Trim()) : from;
                var path = Full(Path.Combine(baseFolder, name));
                if (string.Equals(path, target, StringComparison.Ordinal) || string.Equals(path + ".tex", target, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string Full(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return path;
        }
    }

    [GeneratedRegex(@"^[ \t]*%[ \t]*!TEX[ \t]+root[ \t]*=[ \t]*(?<path>[^\r\n]+)", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex MagicRoot();

    [GeneratedRegex(@"\\(?:input|include|subfile|(?:sub)?import\*?\s*\{(?<dir>[^{}]*)\})\s*\{(?<name>[^{}]+)\}")]
    private static partial Regex IncludeCommand();
}
