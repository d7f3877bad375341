using PaperLsp.Server.Client;
using PaperLsp.Server.Documents;
using PaperLsp.Server.Workspace;

namespace PaperLsp.Server.Requests;

/// <summary>What a handler gets besides its params: the workspace snapshot of its turn and the server's services.</summary>
public sealed class RequestContext
{
    private readonly Action<WorkspaceSnapshot>? commit;

    internal RequestContext(string method, WorkspaceSnapshot workspace, ServerServices services, Action<WorkspaceSnapshot>? commit)
    {
        Method = method;
        Workspace = workspace;
        Services = services;
        this.commit = commit;
    }

    /// <summary>The method being handled.</summary>
    public string Method { get; }

    /// <summary>
    /// The workspace as of this request's turn: every mutation that arrived before it is applied, none after.
    /// For mutating handlers it reflects <see cref="UpdateWorkspace"/> calls made so far.
    /// </summary>
    public WorkspaceSnapshot Workspace { get; private set; }

    /// <summary>Shorthand for <see cref="WorkspaceSnapshot.Settings"/>.</summary>
    public PaperLspSettings Settings => Workspace.Settings;

    /// <summary>Client, log and feature services.</summary>
    public ServerServices Services { get; }

    /// <summary>Messages to the client: logMessage, showMessage, publishDiagnostics, applyEdit, configuration, progress.</summary>
    public LanguageClient Client => Services.Client;

    /// <summary>The server log (sink + window/logMessage).</summary>
    public ServerLog Log => Services.Log;

    /// <summary>The open document with this URI in this request's snapshot, or null.</summary>
    public TextDocumentSnapshot? GetDocument(string uri) => Workspace.GetDocument(uri);

    /// <summary>A feature service (e.g. IPaperCatalog) from <see cref="LanguageServerOptions.FeatureServices"/>, or null.</summary>
    public T? GetService<T>()
        where T : class => Services.GetService<T>();

    /// <summary>Replaces the workspace (only in mutating handlers; throws in read-only ones).</summary>
    public void UpdateWorkspace(Func<WorkspaceSnapshot, WorkspaceSnapshot> update)
    {
        if (commit is null)
        {
            throw new InvalidOperationException($"{Method} is a read-only handler and cannot change the workspace; declare IsMutating = true.");
        }

        Workspace = update(Workspace);
        commit(Workspace);
    }
}
