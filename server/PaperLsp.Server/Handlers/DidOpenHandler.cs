using PaperLsp.Server.Documents;
using PaperLsp.Server.Protocol;
using PaperLsp.Server.Requests;

namespace PaperLsp.Server.Handlers;

/// <summary>textDocument/didOpen: adds the document to the workspace.</summary>
internal sealed class DidOpenHandler : ILspNotificationHandler<DidOpenTextDocumentParams>
{
    public string Method => "textDocument/didOpen";

    public bool IsMutating => true;

    public Task HandleAsync(DidOpenTextDocumentParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var item = parameters.TextDocument;
        var document = new TextDocumentSnapshot(item.Uri, item.LanguageId ?? "", item.Version, item.Text ?? "");
        context.UpdateWorkspace(w => w with { Documents = w.Documents.SetItem(item.Uri, document) });
        return Task.CompletedTask;
    }
}
