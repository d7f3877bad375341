using System.Text.Json;
using PaperLsp.Fetching;
using PaperLsp.Server.Protocol;
using PaperLsp.Server.Requests;
using PaperLsp.Server.Services;
using StreamJsonRpc;

namespace PaperLsp.Server.Handlers;

/// <summary>
/// paperlsp.addPaper {papers: string[] | paper: string, uri?, position?}: fetches each paper (arXiv id/URL, Hugging Face
/// paper URL, DOI), indexes it, and with uri and position cites the first one added there (with its BibTeX entry, as
/// paperlsp.insertCitation does). The only request that touches the network, and only because the user asked.
/// </summary>
internal static class AddPaperCommand
{
    private const int MaxPapers = 50;

    public static async Task<AddPaperResult> RunAsync(JsonElement arguments, RequestContext context, CancellationToken cancellationToken)
    {
        var requested = Strings(arguments, "papers") ?? (Text(arguments, "paper") is { } one ? [one] : null);
        if (requested is null || requested.Count == 0 || requested.Count > MaxPapers)
        {
            throw new LocalRpcException($"paperlsp.addPaper needs {{papers: [arXiv id | arXiv URL | Hugging Face paper URL | DOI, …]}} (at most {MaxPapers}), optionally with {{uri, position}} to cite the first")
            {
                ErrorCode = LspErrorCodes.InvalidParams,
            };
        }

        var results = new List<AddedPaperInfo>();
        var references = new List<PaperReference>();
        foreach (var text in requested)
        {
            if (PaperReference.Parse(text) is { } reference)
            {
                references.Add(reference);
            }
            else
            {
                results.Add(new AddedPaperInfo(text, null, null, $"\"{text}\" is not an arXiv id or URL, a Hugging Face paper URL or a DOI"));
            }
        }

        var papers = OpenDocument.PapersOf(context);
        if (references.Count > 0)
        {
            var added = await papers.AddPapersAsync(references, FetchSettings.OptionsOf(context.Settings), cancellationToken).ConfigureAwait(false);
            results.AddRange(added.Count > 0
                ? added.Select(a => new AddedPaperInfo(a.Requested, a.Key, a.Title, a.Error))
                : references.Select(r => new AddedPaperInfo(r.Display, null, null, "the index could not be updated (see the PaperLsp log)")));
        }

        foreach (var result in results.Where(r => r.Error is not null))
        {
            context.Log.Warning($"add paper {result.Requested}: {result.Error}");
        }

        var uri = Text(arguments, "uri");
        var position = LspJson.TryReadMember<Position>(arguments, "position");
        var key = results.FirstOrDefault(r => r.Key is not null)?.Key;
        if (uri is null || position is null)
        {
            return new AddPaperResult(results);
        }

        if (key is null)
        {
            return new AddPaperResult(results, false, results.FirstOrDefault()?.Error ?? "nothing was added");
        }

        var document = OpenDocument.Find(context, uri);
        if (document is null)
        {
            return new AddPaperResult(results, false, $"{uri} is not open in the editor");
        }

        var plan = CitationInserter.Policy(document, context.Settings).CiteAtCursor(CitationInserter.Edited(document), document.Snapshot.Lines.ToOffset(position), key);
        var applied = await ExecuteCommandHandler.ApplyAsync(document, plan, $"Cite {key}", context, cancellationToken).ConfigureAwait(false);
        return new AddPaperResult(results, applied.Applied, applied.FailureReason);
    }

    private static List<string>? Strings(JsonElement arguments, string name) =>
        arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).Where(s => s.Trim().Length > 0)]
            : null;

    private static string? Text(JsonElement arguments, string name) =>
        arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
