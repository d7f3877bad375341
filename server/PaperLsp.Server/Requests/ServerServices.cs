using PaperLsp.Server.Client;
using PaperLsp.Server.Workspace;

namespace PaperLsp.Server.Requests;

/// <summary>
/// Server-wide services, also for background work outside a request (e.g. indexing): the client channel,
/// the log, the latest workspace, and the feature services supplied by the host.
/// </summary>
public sealed class ServerServices : IServiceProvider
{
    private readonly Func<WorkspaceSnapshot> currentWorkspace;
    private IServiceProvider? features;

    internal ServerServices(LanguageClient client, ServerLog log, Func<WorkspaceSnapshot> currentWorkspace)
    {
        Client = client;
        Log = log;
        this.currentWorkspace = currentWorkspace;
    }

    public LanguageClient Client { get; }

    public ServerLog Log { get; }

    /// <summary>The editor's requests in flight: background work (embedding) waits for them between its steps.</summary>
    internal RequestActivity Activity { get; } = new();

    /// <summary>The newest workspace (for background work; handlers should use their context's snapshot).</summary>
    public WorkspaceSnapshot CurrentWorkspace => currentWorkspace();

    /// <summary>A feature service, or null when the host registered none of that type.</summary>
    public T? GetService<T>()
        where T : class => GetService(typeof(T)) as T;

    public object? GetService(Type serviceType) =>
        serviceType.IsInstanceOfType(this) ? this : features?.GetService(serviceType);

    internal void SetFeatures(IServiceProvider? provider) => features = provider;
}
