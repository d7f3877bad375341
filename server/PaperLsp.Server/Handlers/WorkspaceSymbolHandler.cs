using PaperLsp.Features.Catalog;
using PaperLsp.Server.Requests;
using PaperLsp.Server.Protocol;
using PaperLsp.Server.Services;

namespace PaperLsp.Server.Handlers;

/// <summary>
/// workspace/symbol: papers matching the query, named by citation key (container: the title). Workspace .bib entries
/// whose key or title contains the query come first, then the index's search hits. An empty query gives nothing.
/// Index papers are shown from a read-only rendered .bib file: for clients that resolve symbol ranges lazily only its
/// uri is given and the file is written in workspaceSymbol/resolve (when the user picks the symbol), so typing a query
/// writes nothing; other clients get the file written with the answer.
/// </summary>
internal sealed class WorkspaceSymbolHandler : ILspRequestHandler<WorkspaceSymbolParams, IReadOnlyList<WorkspaceSymbol>>
{
    private const int MaxBibEntries = 20;
    private const int MaxPapers = 30;

    public string Method => "workspace/symbol";

    public bool IsMutating => false;

    public Task<IReadOnlyList<WorkspaceSymbol>> HandleAsync(WorkspaceSymbolParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var query = parameters.Query?.Trim() ?? "";
        if (query.Length == 0)
        {
            return Task.FromResult<IReadOnlyList<WorkspaceSymbol>>([]);
        }

        var papers = OpenDocument.PapersOf(context);
        var symbols = new List<WorkspaceSymbol>();
        var lazy = context.Workspace.Client.WorkspaceSymbolResolvesRange;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in papers.Bibliography.Entries)
        {
            if (symbols.Count >= MaxBibEntries)
            {
                break;
            }

            if ((entry.Key.Contains(query, StringComparison.OrdinalIgnoreCase) || entry.Paper.Title.Contains(query, StringComparison.OrdinalIgnoreCase))
                && seen.Add(entry.Key) && Locations.Of(entry, papers, context.Workspace) is { } location)
            {
                symbols.Add(new WorkspaceSymbol(entry.Key, WorkspaceSymbol.KeyKind, new WorkspaceSymbolLocation(location.Uri, location.Range), entry.Paper.Title));
            }
        }

        foreach (var hit in papers.Catalog.Search(new PaperQuery(query, "", MaxPapers), cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = hit.Paper.CitationKey;
            if (!seen.Add(key))
            {
                continue;
            }

            if (lazy && papers.Bibliography.Find(key) is null)
            {
                var uri = DocumentPaths.ToUri(RenderedPapers.PathFor(papers.RenderFolder, key));
                symbols.Add(new WorkspaceSymbol(key, WorkspaceSymbol.KeyKind, new WorkspaceSymbolLocation(uri), hit.Paper.Paper.Title, key));
                continue;
            }

            var location = papers.Bibliography.Find(key) is { } entry ? Locations.Of(entry, papers, context.Workspace) : Locations.Of(hit.Paper, papers);
            if (location is not null)
            {
                symbols.Add(new WorkspaceSymbol(key, WorkspaceSymbol.KeyKind, new WorkspaceSymbolLocation(location.Uri, location.Range), hit.Paper.Paper.Title));
            }
        }

        return Task.FromResult<IReadOnlyList<WorkspaceSymbol>>(symbols);
    }
}
