using PaperLsp.Server.Protocol;
using PaperLsp.Server.Requests;

namespace PaperLsp.TestSupport.Fuzz;

/// <summary>
/// A request only the fuzz registers (<c>paperlsp-fuzz/text</c>): the server's text and version of an open document,
/// read from the snapshot a request sees at its turn, so the fuzz can compare it with its model.
/// </summary>
public sealed class DocumentTextHandler : ILspRequestHandler<TextDocumentIdentifier, DocumentTextResult?>
{
    public const string MethodName = "paperlsp-fuzz/text";

    public string Method => MethodName;

    public bool IsMutating => false;

    public Task<DocumentTextResult?> HandleAsync(TextDocumentIdentifier parameters, RequestContext context, CancellationToken cancellationToken) =>
        Task.FromResult(context.GetDocument(parameters.Uri) is { } document ? new DocumentTextResult(document.Text, document.Version) : null);
}
