using PaperLsp.Ingestion.Text;

namespace PaperLsp.Server.Services;

/// <summary>The server's reading of text files (.bib on disk), through the one decoding helper (<see cref="TextDecoding"/>).</summary>
internal static class TextFiles
{
    /// <summary>The file's text, or null when it does not exist or cannot be read.</summary>
    public static string? ReadOrNull(string path) => TextDecoding.ReadFile(path)?.Text;

    private const int MaxKeptTexFiles = 512;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (DateTime Written, long Length, string? Text)> KeptTex = new(StringComparer.Ordinal);

    /// <summary>The .tex files around a document as the citation edit policy looks for its main file.</summary>
    public static PaperLsp.Features.Editing.LatexProjectFiles Project { get; } = new(TexFilesIn, ReadTexKept);

    /// <summary>
    /// A .tex file's text, read again only when its size or write time changed: finding a section's main file reads
    /// the .tex files around it on every code action.
    /// </summary>
    public static string? ReadTexKept(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return null;
            }

            if (KeptTex.TryGetValue(path, out var kept) && kept.Written == info.LastWriteTimeUtc && kept.Length == info.Length)
            {
                return kept.Text;
            }

            var text = ReadOrNull(path);
            if (KeptTex.Count >= MaxKeptTexFiles)
            {
                KeptTex.Clear();
            }

            KeptTex[path] = (info.LastWriteTimeUtc, info.Length, text);
            return text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The .tex files directly in a folder (none when it does not exist or cannot be listed).</summary>
    public static IEnumerable<string> TexFilesIn(string folder)
    {
        try
        {
            return Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.tex", SearchOption.TopDirectoryOnly).ToList() : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
