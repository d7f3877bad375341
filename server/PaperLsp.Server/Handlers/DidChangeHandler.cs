using PaperLsp.Server.Documents;
using PaperLsp.Server.Protocol;
using PaperLsp.Server.Requests;

namespace PaperLsp.Server.Handlers;

/// <summary>textDocument/didChange: applies incremental or full changes in order.</summary>
internal sealed class DidChangeHandler : ILspNotificationHandler<DidChangeTextDocumentParams>
{
    public string Method => "textDocument/didChange";

    public bool IsMutating => true;

    public Task HandleAsync(DidChangeTextDocumentParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var uri = parameters.TextDocument.Uri;
        var document = context.GetDocument(uri);
        if (document is null)
        {
            context.Log.Warning($"didChange for {uri}, which is not open: ignored");
            return Task.CompletedTask;
        }

        if (parameters.TextDocument.Version <= document.Version)
        {
            context.Log.Debug($"didChange for {uri} with version {parameters.TextDocument.Version} after {document.Version}");
        }

        var text = DocumentEditor.Apply(document.Text, parameters.ContentChanges ?? []);
        var changed = document.WithText(text, parameters.TextDocument.Version);
        context.UpdateWorkspace(w => w with { Documents = w.Documents.SetItem(uri, changed) });
        return Task.CompletedTask;
    }
}
