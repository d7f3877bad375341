namespace PaperLsp.Server.Services;

/// <summary>
/// Finds the .bib files of the workspace folders with a bounded walk: at most <see cref="MaxDirectories"/> folders,
/// <see cref="MaxDepth"/> levels and <see cref="MaxFiles"/> files of up to <see cref="MaxFileBytes"/> each; hidden,
/// dependency and build folders are skipped.
/// </summary>
internal static class BibliographyScanner
{
    public const int MaxDirectories = 5000;
    public const int MaxDepth = 8;
    public const int MaxFiles = 200;
    public const long MaxFileBytes = 32L * 1024 * 1024;

    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase)
    {
        "node_modules", "bin", "obj", "target", "dist", "build", "out", "__pycache__", "venv", ".venv",
    };

    /// <summary>The .bib files under the roots (full paths, ordinal order), and a note when a bound was hit.</summary>
    public static (IReadOnlyList<string> Files, string? Note) Find(IEnumerable<string> roots, CancellationToken cancellationToken)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var visited = 0;
        string? note = null;
        var queue = new Queue<(string Path, int Depth)>(roots.Where(Directory.Exists).Select(r => (r, 0)));
        while (queue.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (directory, depth) = queue.Dequeue();
            if (++visited > MaxDirectories)
            {
                note = $"stopped looking for .bib files after {MaxDirectories} folders";
                break;
            }

            try
            {
                foreach (var file in Directory.EnumerateFiles(directory, "*.bib"))
                {
                    if (new FileInfo(file).Length <= MaxFileBytes)
                    {
                        found.Add(Path.GetFullPath(file));
                    }

                    if (found.Count >= MaxFiles)
                    {
                        return (found.ToList(), $"using the first {MaxFiles} .bib files of the workspace");
                    }
                }

                if (depth >= MaxDepth)
                {
                    continue;
                }

                foreach (var child in Directory.EnumerateDirectories(directory))
                {
                    var name = Path.GetFileName(child);
                    if (name.StartsWith('.') || SkippedFolders.Contains(name) || new DirectoryInfo(child).LinkTarget is not null)
                    {
                        continue;
                    }

                    queue.Enqueue((child, depth + 1));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // unreadable folder: skip it
            }
        }

        return (found.ToList(), note);
    }
}
