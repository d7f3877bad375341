using PaperLsp.Server.Protocol;
using PaperLsp.Server.Requests;

namespace PaperLsp.Server.Services;

/// <summary>
/// Tells the editor how the papers are: <c>paperlsp/status</c> notifications (papers, execution provider, state,
/// progress), and, once per new problem, a <c>window/showMessage</c> warning.
/// </summary>
internal sealed class StatusReporter
{
    private readonly ServerServices services;
    private readonly CatalogHost host;
    private volatile string? problem;

    public StatusReporter(ServerServices services, CatalogHost host)
    {
        this.services = services;
        this.host = host;
    }

    /// <summary>Why the papers are not what the user configured (missing corpus paths, an empty index), or null.</summary>
    public string? Problem => problem;

    /// <summary>Sends a <c>paperlsp/status</c> notification with the current catalog's size and execution provider.</summary>
    public Task SendAsync(string state, IndexingStatus? indexing = null, string? message = null) =>
        services.Client.NotifyAsync("paperlsp/status", new PaperStatusParams(host.Catalog.Count, host.ExecutionProvider, state, indexing, message));

    /// <summary>
    /// "ready", or "warning" with a message (also shown once through window/showMessage) when corpus paths are missing
    /// or unreadable, or the index is empty although corpus paths are set.
    /// </summary>
    public async Task SendReadyAsync(PaperConfiguration configuration)
    {
        var problems = new List<string>();
        foreach (var path in configuration.CorpusPaths)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                problems.Add($"corpus path {path} does not exist");
            }
            else if (!CanRead(path))
            {
                problems.Add($"corpus path {path} cannot be read");
            }
        }

        if (!host.IsFixed && host.Catalog.Count == 0 && (configuration.CorpusPaths.Length > 0 || host.Store is not null))
        {
            problems.Add(configuration.CorpusPaths.Length > 0
                ? "the paper index is empty: no papers were found in paperlsp.corpusPaths"
                : "the paper index is empty: set paperlsp.corpusPaths to the files or folders with your papers");
        }

        var message = problems.Count == 0 ? null : "PaperLsp: " + string.Join("; ", problems);
        var previous = problem;
        problem = message;
        if (message is null)
        {
            await SendAsync("ready").ConfigureAwait(false);
            return;
        }

        services.Log.Warning(message);
        if (!string.Equals(previous, message, StringComparison.Ordinal))
        {
            await services.Client.ShowMessageAsync(MessageType.Warning, message).ConfigureAwait(false);
        }

        await SendAsync("warning", null, message).ConfigureAwait(false);
    }

    private static bool CanRead(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                using var entries = Directory.EnumerateFileSystemEntries(path).GetEnumerator();
                _ = entries.MoveNext();
            }
            else
            {
                using var _ = File.OpenRead(path);
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
