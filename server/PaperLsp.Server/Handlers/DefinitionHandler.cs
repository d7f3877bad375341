using PaperLsp.Features.Definition;
using PaperLsp.Server.Requests;
using PaperLsp.Server.Protocol;
using PaperLsp.Server.Services;

namespace PaperLsp.Server.Handlers;

/// <summary>
/// textDocument/definition on a cited key: its .bib entry, or — for a paper only the index knows — a read-only
/// rendering <c>papers/&lt;key&gt;.bib</c> next to the index. Null for unknown keys and outside citations.
/// </summary>
internal sealed class DefinitionHandler : ILspRequestHandler<TextDocumentPositionParams, Location?>
{
    public string Method => "textDocument/definition";

    public bool IsMutating => false;

    public Task<Location?> HandleAsync(TextDocumentPositionParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var document = OpenDocument.Find(context, parameters.TextDocument.Uri);
        if (document is null)
        {
            return Task.FromResult<Location?>(null);
        }

        var snapshot = document.Snapshot;
        var offset = snapshot.Lines.ToOffset(parameters.Position);
        var window = snapshot.WindowNear(offset, document.Language);
        var definition = new CitationDefinitionFinder(document.Papers.Catalog, document.Papers.Bibliography)
            .FindAt(window.Text, offset - window.Start, document.Language, context.Settings.CustomCiteMacros);
        return Task.FromResult(definition is null ? null : Locations.Of(definition, document.Papers, context.Workspace));
    }
}
