using System.Text.Json;
using PaperLsp.Features.Completion;
using PaperLsp.Server.Requests;
using PaperLsp.Server.Protocol;
using PaperLsp.Server.Services;

namespace PaperLsp.Server.Handlers;

/// <summary>completionItem/resolve: fills the documentation with the paper's card (Markdown when the client takes it).</summary>
internal sealed class CompletionResolveHandler : ILspRequestHandler<CompletionItem, CompletionItem>
{
    public string Method => "completionItem/resolve";

    public bool IsMutating => false;

    public Task<CompletionItem> HandleAsync(CompletionItem parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var key = KeyOf(parameters);
        if (key.Length == 0 || parameters.Documentation is not null)
        {
            return Task.FromResult(parameters);
        }

        var papers = OpenDocument.PapersOf(context);
        papers.WarmHoverCards(key); // the item the editor shows as selected: its hover card is likely next
        var markdown = new CitationCompletion(papers.Catalog, papers.Bibliography).Resolve(key, cancellationToken);
        if (markdown is null)
        {
            return Task.FromResult(parameters);
        }

        var kind = context.Workspace.Client.CompletionDocumentationMarkdown || context.Workspace.Client == Workspace.ClientFeatures.None ? "markdown" : "plaintext";
        return Task.FromResult(parameters with { Documentation = new MarkupContent(kind, markdown) });
    }

    private static string KeyOf(CompletionItem item)
    {
        if (item.Data is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String)
        {
            return key.GetString() ?? "";
        }

        return item.Label;
    }
}
