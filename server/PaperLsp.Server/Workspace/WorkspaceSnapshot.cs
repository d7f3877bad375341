using System.Collections.Immutable;
using PaperLsp.Server.Documents;
using PaperLsp.Server.Protocol;

namespace PaperLsp.Server.Workspace;

/// <summary>
/// Everything a request may read, frozen at the request's turn in the queue: open documents, settings,
/// workspace folders and client capabilities. Mutating handlers produce new snapshots.
/// </summary>
public sealed record WorkspaceSnapshot
{
    /// <summary>The state before initialize.</summary>
    public static WorkspaceSnapshot Empty { get; } = new();

    /// <summary>Open documents by URI (ordinal, exactly as the client sent it).</summary>
    public ImmutableDictionary<string, TextDocumentSnapshot> Documents { get; init; } = ImmutableDictionary<string, TextDocumentSnapshot>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Current "paperlsp" settings.</summary>
    public PaperLspSettings Settings { get; init; } = PaperLspSettings.Default;

    /// <summary>Workspace folders (the root URI when the client sent no folders).</summary>
    public ImmutableArray<WorkspaceFolder> WorkspaceFolders { get; init; } = [];

    /// <summary>What the client can do.</summary>
    public ClientFeatures Client { get; init; } = ClientFeatures.None;

    /// <summary>The client's name and version, when it said.</summary>
    public ClientInfo? ClientInfo { get; init; }

    /// <summary>The open document with this URI, or null.</summary>
    public TextDocumentSnapshot? GetDocument(string uri) => Documents.GetValueOrDefault(uri);
}
