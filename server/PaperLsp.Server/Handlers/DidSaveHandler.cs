using PaperLsp.Server.Protocol;
using PaperLsp.Server.Requests;

namespace PaperLsp.Server.Handlers;

/// <summary>textDocument/didSave: takes the saved text when the client sends it (we ask for includeText).</summary>
internal sealed class DidSaveHandler : ILspNotificationHandler<DidSaveTextDocumentParams>
{
    public string Method => "textDocument/didSave";

    public bool IsMutating => true;

    public Task HandleAsync(DidSaveTextDocumentParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var uri = parameters.TextDocument.Uri;
        if (parameters.Text is { } text && context.GetDocument(uri) is { } document && !string.Equals(text, document.Text, StringComparison.Ordinal))
        {
            context.Log.Debug($"didSave text of {uri} differs from the synced text; taking the saved text");
            context.UpdateWorkspace(w => w with { Documents = w.Documents.SetItem(uri, document.WithText(text, document.Version)) });
        }

        return Task.CompletedTask;
    }
}
