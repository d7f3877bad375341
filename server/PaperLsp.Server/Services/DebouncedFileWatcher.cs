namespace PaperLsp.Server.Services;

/// <summary>
/// Watches folders (recursively) for files matching a filter and reports the changed paths in one batch once
/// nothing changed for <see cref="Delay"/>. Watch failures (e.g. too many inotify watches) are reported once and
/// leave that folder unwatched.
/// </summary>
internal sealed class DebouncedFileWatcher : IDisposable
{
    private readonly List<FileSystemWatcher> watchers = [];
    private readonly Action<IReadOnlyCollection<string>> onChanged;
    private readonly Func<string, bool> accept;
    private readonly Timer timer;
    private readonly object gate = new();
    private HashSet<string> pending = new(StringComparer.Ordinal);
    private bool disposed;

    /// <summary>Watches <paramref name="folders"/> recursively and <paramref name="flatFolders"/> (e.g. the folder of a watched file) without subfolders.</summary>
    public DebouncedFileWatcher(IEnumerable<string> folders, string filter, Func<string, bool> accept, Action<IReadOnlyCollection<string>> onChanged, Action<string> reportProblem, IEnumerable<string>? flatFolders = null)
    {
        this.onChanged = onChanged;
        this.accept = accept;
        timer = new Timer(_ => Flush());
        var recursive = folders.Distinct(StringComparer.Ordinal).ToList();
        var all = recursive.Select(f => (Folder: f, Recursive: true))
            .Concat((flatFolders ?? []).Distinct(StringComparer.Ordinal).Where(f => !recursive.Contains(f)).Select(f => (Folder: f, Recursive: false)));
        foreach (var (folder, includeSubdirectories) in all)
        {
            if (!Directory.Exists(folder))
            {
                continue;
            }

            try
            {
                var watcher = new FileSystemWatcher(folder, filter) { IncludeSubdirectories = includeSubdirectories, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.DirectoryName };
                watcher.Changed += (_, e) => Note(e.FullPath);
                watcher.Created += (_, e) => Note(e.FullPath);
                watcher.Deleted += (_, e) => Note(e.FullPath);
                watcher.Renamed += (_, e) =>
                {
                    Note(e.OldFullPath);
                    Note(e.FullPath);
                };
                watcher.Error += (_, e) => reportProblem($"watching {folder} failed: {e.GetException().Message}");
                watcher.EnableRaisingEvents = true;
                watchers.Add(watcher);
            }
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
            {
                reportProblem($"cannot watch {folder} for changes ({e.Message}); run the paperlsp.reindex command after changing it");
            }
        }
    }

    /// <summary>Quiet time before a batch is reported.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(500);

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
        }

        foreach (var watcher in watchers)
        {
            watcher.Dispose();
        }

        timer.Dispose();
    }

    private void Note(string path)
    {
        if (!accept(path))
        {
            return;
        }

        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            pending.Add(path);
            timer.Change(Delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void Flush()
    {
        HashSet<string> batch;
        lock (gate)
        {
            if (disposed || pending.Count == 0)
            {
                return;
            }

            batch = pending;
            pending = new HashSet<string>(StringComparer.Ordinal);
        }

        onChanged(batch);
    }
}
