using PaperLsp.Server.Requests;
using PaperLsp.Server.Protocol;
using PaperLsp.Server.Services;

namespace PaperLsp.Server.Handlers;

/// <summary>
/// workspaceSymbol/resolve: fills in the range of a paper symbol given with only a uri (writing the paper's read-only
/// rendering); symbols that already have a range, or whose key is no longer known, come back unchanged.
/// </summary>
internal sealed class WorkspaceSymbolResolveHandler : ILspRequestHandler<WorkspaceSymbol, WorkspaceSymbol>
{
    public string Method => "workspaceSymbol/resolve";

    public bool IsMutating => false;

    public Task<WorkspaceSymbol> HandleAsync(WorkspaceSymbol parameters, RequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Location?.Range is not null || string.IsNullOrEmpty(parameters.Data))
        {
            return Task.FromResult(parameters);
        }

        var papers = OpenDocument.PapersOf(context);
        var location = papers.Bibliography.Find(parameters.Data) is { } entry
            ? Locations.Of(entry, papers, context.Workspace)
            : papers.Catalog.FindByKey(parameters.Data) is { } paper ? Locations.Of(paper, papers) : null;
        return Task.FromResult(location is null
            ? parameters
            : parameters with { Location = new WorkspaceSymbolLocation(location.Uri, location.Range) });
    }
}
