namespace PaperLsp.Cli.Catalog;

/// <summary>The check <c>paperlsp index</c> makes on its arguments before opening anything.</summary>
internal static class IndexPaths
{
    /// <summary>One line saying what is wrong with the given paths (empty, missing), or null when each names a file or folder.</summary>
    public static string? Problem(IReadOnlyList<string> paths)
    {
        foreach (var path in paths)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                return "an empty path was given: name the files or folders of papers to index";
            }

            string full;
            try
            {
                full = Path.GetFullPath(path);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
            {
                return $"'{path}' is not a usable path ({ex.Message})";
            }

            if (!File.Exists(full) && !Directory.Exists(full))
            {
                return $"no such file or folder: {full}";
            }
        }

        return null;
    }
}
