using Xunit;

namespace PaperLsp.TestSupport;

/// <summary>
/// Locates the workplace's <c>shared/</c> data folder (beside the repository checkout, or named by
/// PAPERLSP_SHARED). Tests that need it call <see cref="RequireOrSkip"/> and are skipped with a clear
/// message when it is absent.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> Root = new(Find);

    /// <summary>The shared folder, or null when it cannot be found.</summary>
    public static string? Directory => Root.Value;

    /// <summary>The repository root (the folder that holds PaperLsp.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Full path of a file or folder under shared/, or skips the calling test when shared/ is absent.</summary>
    public static string RequireOrSkip(string relative)
    {
        var root = Root.Value;
        Skip.If(root is null, "../shared is not present beside the checkout (set PAPERLSP_SHARED): test skipped");
        var path = Path.Combine(root!, relative);
        Skip.If(!File.Exists(path) && !System.IO.Directory.Exists(path), $"shared/{relative} is missing: test skipped");
        return path;
    }

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("PAPERLSP_SHARED");
        if (!string.IsNullOrEmpty(env) && System.IO.Directory.Exists(env))
        {
            return Path.GetFullPath(env);
        }

        var candidate = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
        return System.IO.Directory.Exists(candidate) ? candidate : null;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PaperLsp.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? System.IO.Directory.GetCurrentDirectory();
    }
}
