using System.Collections.Concurrent;
using System.Text;
using PaperLsp.Features.Definition;
using PaperLsp.Ingestion.Bibtex;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Server.Services;

/// <summary>
/// Read-only renderings of catalog papers (not in the workspace .bib) as <c>papers/&lt;key&gt;.bib</c> files under a
/// folder, so definition and workspace symbols have a location to open. Each key is written once per session.
/// </summary>
internal static class RenderedPapers
{
    private static readonly ConcurrentDictionary<string, (string Bibtex, int EntryLine)> Written = new(StringComparer.Ordinal);

    /// <summary>The file for a catalog-only definition (written when needed) and the 0-based line of its entry, or null when it cannot be written.</summary>
    public static (string Path, int EntryLine)? Write(string folder, CitationDefinition definition) =>
        Write(folder, definition.Key, definition.RenderedBibtex ?? "", definition.RenderedMarkdown);

    /// <summary>The file for a stored paper and the 0-based line of its entry.</summary>
    public static (string Path, int EntryLine)? Write(string folder, StoredPaper paper) =>
        Write(folder, paper.CitationKey, BibtexWriter.Format(paper.Paper, paper.CitationKey), null);

    /// <summary>Where the rendering of <paramref name="key"/> is (or would be) written; writes nothing.</summary>
    public static string PathFor(string folder, string key) => Path.Combine(folder, FileName(key));

    private static (string Path, int EntryLine)? Write(string folder, string key, string bibtex, string? markdown)
    {
        var path = PathFor(folder, key);
        if (Written.TryGetValue(path, out var done) && done.Bibtex == bibtex && File.Exists(path))
        {
            return (path, done.EntryLine);
        }

        var content = new StringBuilder();
        content.Append("% PaperLsp: read-only rendering of a paper from the index; copy the entry into your .bib to use it.\n");
        if (markdown is not null)
        {
            foreach (var line in markdown.Split('\n').Take(12))
            {
                content.Append("% ").Append(line.TrimEnd('\r')).Append('\n');
            }
        }

        var entryLine = content.ToString().Count(c => c == '\n');
        content.Append(bibtex.TrimEnd()).Append('\n');
        try
        {
            Directory.CreateDirectory(folder);
            var temporary = path + ".tmp-" + Environment.ProcessId;
            File.WriteAllText(temporary, content.ToString());
            File.Move(temporary, path, overwrite: true);
            Written[path] = (bibtex, entryLine);
            return (path, entryLine);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string FileName(string key)
    {
        var safe = new StringBuilder(key.Length + 4);
        foreach (var c in key)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        var name = safe.ToString().TrimStart('.');
        return (name.Length == 0 ? "paper" : name.Length > 120 ? name[..120] : name) + ".bib";
    }
}
