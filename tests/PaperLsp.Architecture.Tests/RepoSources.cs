using PaperLsp.TestSupport;

namespace PaperLsp.Architecture.Tests;

/// <summary>The repository's own C# files and project files, read from the checkout (bin/ and obj/ left out).</summary>
public static class RepoSources
{
    private static readonly Lazy<IReadOnlyList<SourceFile>> Product = new(() => Read("server"));

    /// <summary>Every .cs file under server/.</summary>
    public static IReadOnlyList<SourceFile> ProductFiles => Product.Value;

    /// <summary>The .cs files under one folder of the repository.</summary>
    public static IReadOnlyList<SourceFile> Read(string folder) =>
        Files(folder, "*.cs")
            .Select(path => CSharpSource.Parse(Path.GetRelativePath(SharedData.RepoRoot, path), File.ReadAllText(path)))
            .ToList();

    /// <summary>Files under a folder of the repository, build output left out.</summary>
    public static IEnumerable<string> Files(string folder, string pattern) =>
        Directory.EnumerateFiles(Path.Combine(SharedData.RepoRoot, folder), pattern, SearchOption.AllDirectories)
            .Where(p => !p.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules"))
            .Order(StringComparer.Ordinal);
}
