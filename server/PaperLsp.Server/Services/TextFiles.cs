using PaperLsp.Ingestion.Text;

namespace PaperLsp.Server.Services;

/// <summary>The server's reading of text files (.bib on disk), through the one decoding helper (<see cref="TextDecoding"/>).</summary>
internal static class TextFiles
{
    /// <summary>The file's text, or null when it does not exist or cannot be read.</summary>
    public static string? ReadOrNull(string path) => TextDecoding.ReadFile(path)?.Text;

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
