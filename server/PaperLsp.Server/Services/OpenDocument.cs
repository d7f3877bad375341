using PaperLsp.Features.Text;
using PaperLsp.Server.Documents;
using PaperLsp.Server.Requests;

namespace PaperLsp.Server.Services;

/// <summary>What a feature handler works on: an open document with citations, its path and language, and the papers.</summary>
internal sealed record OpenDocument(TextDocumentSnapshot Snapshot, string Path, DocumentLanguage Language, PaperService Papers)
{
    /// <summary>The open document with this URI when it can hold citations, else null.</summary>
    public static OpenDocument? Find(RequestContext context, string uri)
    {
        var snapshot = context.GetDocument(uri);
        if (snapshot is null || DocumentPaths.LanguageOf(snapshot) is not { } language)
        {
            return null;
        }

        return new OpenDocument(snapshot, DocumentPaths.PathOrUri(uri), language, PapersOf(context));
    }

    /// <summary>The server's paper service.</summary>
    public static PaperService PapersOf(RequestContext context) =>
        context.GetService<PaperService>() ?? throw new InvalidOperationException("the paper service is not running");
}
