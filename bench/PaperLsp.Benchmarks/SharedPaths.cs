namespace PaperLsp.Benchmarks;

/// <summary>Finds the shared data folder (PAPERLSP_SHARED, or a "shared" folder beside the checkout).</summary>
internal static class SharedPaths
{
    public static string? Root()
    {
        var env = Environment.GetEnvironmentVariable("PAPERLSP_SHARED");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env))
        {
            return Path.GetFullPath(env);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "corpus")))
            {
                return candidate;
            }
        }

        return null;
    }

    public static string? Corpus237k() => Root() is { } root && File.Exists(Path.Combine(root, "corpus", "papers-237k.jsonl.gz"))
        ? Path.Combine(root, "corpus", "papers-237k.jsonl.gz")
        : null;

    /// <summary>The repository root (the folder holding PaperLsp's solution), searched upwards from the benchmark binary.</summary>
    public static string? RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "server", "PaperLsp.Cli")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
