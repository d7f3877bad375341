using PaperLsp.Server.Client;

namespace PaperLsp.Server.Services;

/// <summary>
/// Watches a configuration's corpus paths (folders recursively, single files through their folder) and the .bib
/// files under its workspace roots; reports each settled batch of changed paths. Watching again replaces the
/// previous watchers.
/// </summary>
internal sealed class PaperFileWatchers : IDisposable
{
    private readonly ServerLog log;
    private DebouncedFileWatcher? corpusWatcher;
    private DebouncedFileWatcher? bibWatcher;

    public PaperFileWatchers(ServerLog log) => this.log = log;

    /// <summary>Starts watching <paramref name="configuration"/>'s corpus and workspace .bib files.</summary>
    public void Watch(PaperConfiguration configuration, Action<IReadOnlyCollection<string>> corpusChanged, Action<IReadOnlyCollection<string>> bibChanged)
    {
        var corpusRoots = configuration.CorpusPaths.Where(Directory.Exists).ToList();
        var corpusFiles = configuration.CorpusPaths.Where(p => !Directory.Exists(p)).ToHashSet(StringComparer.Ordinal);
        var corpusFileFolders = corpusFiles.Select(System.IO.Path.GetDirectoryName).Where(p => !string.IsNullOrEmpty(p)).Select(p => p!).ToList();
        Dispose();
        corpusWatcher = new DebouncedFileWatcher(
            corpusRoots,
            "*",
            path => corpusFiles.Contains(path) || corpusRoots.Any(root => path.StartsWith(root, StringComparison.Ordinal)),
            corpusChanged,
            problem => log.Warning(problem),
            corpusFileFolders)
        { Delay = TimeSpan.FromSeconds(1) };
        bibWatcher = new DebouncedFileWatcher(
            configuration.WorkspaceRoots,
            "*.bib",
            path => path.EndsWith(".bib", StringComparison.OrdinalIgnoreCase),
            bibChanged,
            problem => log.Warning(problem));
    }

    /// <summary>Stops watching.</summary>
    public void Dispose()
    {
        corpusWatcher?.Dispose();
        bibWatcher?.Dispose();
        corpusWatcher = null;
        bibWatcher = null;
    }
}
