using PaperLsp.Features.Hover;
using PaperLsp.Server.Requests;
using PaperLsp.Server.Protocol;
using PaperLsp.Server.Services;

namespace PaperLsp.Server.Handlers;

/// <summary>textDocument/hover on a cited key or an arXiv id: the paper's card; null when unknown or elsewhere.</summary>
internal sealed class HoverHandler : ILspRequestHandler<TextDocumentPositionParams, Hover?>
{
    public string Method => "textDocument/hover";

    public bool IsMutating => false;

    public Task<Hover?> HandleAsync(TextDocumentPositionParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var document = OpenDocument.Find(context, parameters.TextDocument.Uri);
        if (document is null)
        {
            return Task.FromResult<Hover?>(null);
        }

        var snapshot = document.Snapshot;
        var offset = snapshot.Lines.ToOffset(parameters.Position);
        var window = snapshot.WindowNear(offset, document.Language); // the card's range is in window offsets
        var workspace = DocumentBibliography.Workspace(document); // with the entries PaperLsp has just appended, as completion
        var card = new HoverCardBuilder(document.Papers.Catalog, workspace) { Cache = document.Papers.HoverCards }
            .Build(window.Text, offset - window.Start, document.Language, context.Settings.CustomCiteMacros, cancellationToken);
        if (card is null)
        {
            return Task.FromResult<Hover?>(null);
        }

        card = HoverCardBuilder.ForBibliographyInUse(card, DocumentBibliography.For(document, context.Settings), workspace);

        // Clients that did not say they render Markdown get the card as plain text, labelled so.
        var markdown = context.Workspace.Client.HoverMarkdown || context.Workspace.Client == Workspace.ClientFeatures.None;
        var content = markdown ? new MarkupContent("markdown", card.Markdown) : new MarkupContent("plaintext", MarkdownPlainText.From(card.Markdown));
        return Task.FromResult<Hover?>(new Hover(content, snapshot.Lines.ToRange(window.Start + card.Start, window.Start + card.End)));
    }
}
