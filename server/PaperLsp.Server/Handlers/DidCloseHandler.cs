using PaperLsp.Server.Protocol;
using PaperLsp.Server.Requests;

namespace PaperLsp.Server.Handlers;

/// <summary>textDocument/didClose: drops the document and clears its diagnostics.</summary>
internal sealed class DidCloseHandler : ILspNotificationHandler<DidCloseTextDocumentParams>
{
    public string Method => "textDocument/didClose";

    public bool IsMutating => true;

    public Task HandleAsync(DidCloseTextDocumentParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var uri = parameters.TextDocument.Uri;
        context.UpdateWorkspace(w => w with { Documents = w.Documents.Remove(uri) });
        return Task.CompletedTask;
    }
}
