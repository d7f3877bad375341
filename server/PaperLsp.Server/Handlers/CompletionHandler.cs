using System.Text.Json;
using PaperLsp.Features.Completion;
using PaperLsp.Server.Requests;
using PaperLsp.Server.Protocol;
using PaperLsp.Server.Services;

namespace PaperLsp.Server.Handlers;

/// <summary>
/// textDocument/completion inside citation key slots (LaTeX cite commands, Pandoc <c>[@</c>/<c>@</c>, Typst <c>@</c>):
/// items labelled by key, ranked by the sentence's meaning and what was typed; the edit replaces exactly the current
/// key; filterText is what was typed (the client must not re-filter meaning-ranked items); always incomplete. Index
/// papers not in the workspace .bib carry a paperlsp.addBibEntry command (setting completionAddsBibEntry) that the
/// client runs after inserting the key.
/// Null outside citations.
/// </summary>
internal sealed class CompletionHandler : ILspRequestHandler<TextDocumentPositionParams, CompletionList?>
{
    public string Method => "textDocument/completion";

    public bool IsMutating => false;

    public async Task<CompletionList?> HandleAsync(TextDocumentPositionParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var document = OpenDocument.Find(context, parameters.TextDocument.Uri);
        if (document is null)
        {
            return null;
        }

        var snapshot = document.Snapshot;
        var settings = context.Settings;
        var offset = snapshot.Lines.ToOffset(parameters.Position);
        var window = snapshot.WindowAround(offset, document.Language); // offsets in the answer are window offsets
        var catalog = document.Papers.Catalog;
        var request = new CompletionRequest(window.Text, offset - window.Start, document.Language, settings.CustomCiteMacros, settings.CompletionLimit);
        var speculation = document.Papers.Speculation;
        if (speculation.IsRunning)
        {
            // The sentence's answer is being computed ahead of this request: wait for it rather than compute it beside it.
            await speculation.JoinAsync(catalog, request, cancellationToken).ConfigureAwait(false);
        }

        var result = new CitationCompletion(catalog, DocumentBibliography.For(document, settings)).Complete(request, cancellationToken);
        if (result.Site is null)
        {
            return null;
        }

        var addsBibEntry = settings.CompletionAddsBibEntry && context.Workspace.Client.ApplyEdit;
        var items = result.Items.Select(item => new CompletionItem
        {
            Command = addsBibEntry && !item.InBibliography
                ? new LspCommand("Add the BibTeX entry", PaperLspCommands.AddBibEntry, [new AddBibEntryArguments(parameters.TextDocument.Uri, item.Data)])
                : null,
            Label = item.Label,
            Kind = CompletionItem.ReferenceKind,
            Detail = item.Detail,
            FilterText = item.FilterText,
            SortText = item.SortText,
            TextEdit = new TextEdit(snapshot.Lines.ToRange(window.Start + item.ReplaceStart, window.Start + item.ReplaceEnd), item.InsertText),
            Data = JsonSerializer.SerializeToElement(new CompletionItemData(item.Data, item.InBibliography), LspJson.Options),
        }).ToList();
        return new CompletionList(true, items);
    }
}
