using System.Text.Json;
using PaperLsp.Features.Catalog;
using PaperLsp.Features.Citations;
using PaperLsp.Features.Context;
using PaperLsp.Features.Editing;
using PaperLsp.Features.Text;
using PaperLsp.Server.Requests;
using PaperLsp.Server.Protocol;
using StreamJsonRpc;
using PaperLsp.Server.Services;

namespace PaperLsp.Server.Handlers;

/// <summary>
/// workspace/executeCommand: paperlsp.search {query, limit} and paperlsp.related {uri, position} | {text} → papers;
/// paperlsp.insertCitation {uri, position, key} → applies the citation (and BibTeX entry) through
/// workspace/applyEdit → {applied}; paperlsp.addBibEntry {uri, key} → appends only the BibTeX entry (completion items
/// run it) → {applied}; paperlsp.reindex → {papers}. Arguments: one object (first array element).
/// </summary>
internal sealed class ExecuteCommandHandler : ILspRequestHandler<ExecuteCommandParams, object?>
{
    private const int DefaultLimit = 20;
    private const int MaxLimit = 200;
    private const int MaxQueryChars = 2000;

    public string Method => "workspace/executeCommand";

    public bool IsMutating => false;

    public async Task<object?> HandleAsync(ExecuteCommandParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var arguments = FirstArgument(parameters.Arguments);
        var papers = OpenDocument.PapersOf(context);
        switch (parameters.Command)
        {
            case PaperLspCommands.Search:
                var query = String(arguments, "query") ?? throw InvalidParams("paperlsp.search needs {query: string, limit?: number}");
                return Search(papers, query, Limit(arguments), cancellationToken);
            case PaperLspCommands.Related:
                return Related(papers, arguments, context, cancellationToken);
            case PaperLspCommands.InsertCitation:
                return await InsertCitationAsync(arguments, context, cancellationToken).ConfigureAwait(false);
            case PaperLspCommands.AddBibEntry:
                return await AddBibEntryAsync(arguments, context, cancellationToken).ConfigureAwait(false);
            case PaperLspCommands.BibEntryApplied:
                return BibEntryApplied(arguments, context);
            case PaperLspCommands.AddPaper:
                return await AddPaperCommand.RunAsync(arguments, context, cancellationToken).ConfigureAwait(false);
            case PaperLspCommands.Reindex:
                return new ReindexResult(await papers.ReindexAsync(cancellationToken).ConfigureAwait(false));
            default:
                throw InvalidParams($"unknown command '{parameters.Command}' (known: {string.Join(", ", PaperLspCommands.All)})");
        }
    }

    private static IReadOnlyList<PaperSearchResult> Search(PaperService papers, string query, int limit, CancellationToken cancellationToken)
    {
        query = query.Length > MaxQueryChars ? query[..MaxQueryChars] : query;
        if (string.IsNullOrWhiteSpace(query))
        {
            return [];
        }

        return papers.Catalog.Search(new PaperQuery(query, "", limit), cancellationToken).Select(ToResult).ToList();
    }

    private static IReadOnlyList<PaperSearchResult> Related(PaperService papers, JsonElement arguments, RequestContext context, CancellationToken cancellationToken)
    {
        var limit = Limit(arguments);
        if (String(arguments, "text") is { } text)
        {
            return Search(papers, text, limit, cancellationToken);
        }

        var uri = String(arguments, "uri");
        var position = LspJson.TryReadMember<Position>(arguments, "position");
        if (uri is null || position is null)
        {
            throw InvalidParams("paperlsp.related needs {uri, position} or {text}");
        }

        var document = OpenDocument.Find(context, uri) ?? throw InvalidParams($"{uri} is not open (or has no citations); pass {{text}} instead");
        var snapshot = document.Snapshot;
        var offset = snapshot.Lines.ToOffset(position);
        var settings = context.Settings;

        // on a cited key the index knows: the papers related to it
        var window = snapshot.WindowAround(offset, document.Language);
        var site = CitationSiteFinder.Find(window.Text, offset - window.Start, document.Language, settings.CustomCiteMacros);
        if (site is { CurrentKey.Length: > 0 } && papers.Catalog.FindByKey(site.CurrentKey) is { } cited)
        {
            return papers.Catalog.Related(cited, limit, cancellationToken).Select(ToResult).ToList();
        }

        var writing = WritingContextExtractor.Extract(window.Text, offset - window.Start, document.Language, settings.CustomCiteMacros);
        var query = writing.RelatedQuery;
        return Search(papers, query, limit, cancellationToken);
    }

    private static async Task<InsertCitationResult> InsertCitationAsync(JsonElement arguments, RequestContext context, CancellationToken cancellationToken)
    {
        var uri = String(arguments, "uri");
        var key = String(arguments, "key");
        var position = LspJson.TryReadMember<Position>(arguments, "position");
        if (uri is null || key is null || position is null || key.Trim().Length == 0)
        {
            throw InvalidParams("paperlsp.insertCitation needs {uri, position, key}");
        }

        var document = OpenDocument.Find(context, uri);
        if (document is null)
        {
            return new InsertCitationResult(false, $"{uri} is not open in the editor");
        }

        var plan = CitationInserter.Policy(document, context.Settings).CiteAtCursor(CitationInserter.Edited(document), document.Snapshot.Lines.ToOffset(position), key.Trim());
        return await ApplyAsync(document, plan, $"Cite {plan.Key}", context, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<InsertCitationResult> AddBibEntryAsync(JsonElement arguments, RequestContext context, CancellationToken cancellationToken)
    {
        var uri = String(arguments, "uri");
        var key = String(arguments, "key");
        if (uri is null || string.IsNullOrWhiteSpace(key))
        {
            throw InvalidParams("paperlsp.addBibEntry needs {uri, key}");
        }

        var document = OpenDocument.Find(context, uri);
        if (document is null)
        {
            return new InsertCitationResult(false, $"{uri} is not open in the editor");
        }

        var plan = CitationInserter.Policy(document, context.Settings).BibEntryOnly(CitationInserter.Edited(document), key.Trim());
        if (plan.Problem is null && plan.Edits.Count == 0)
        {
            return new InsertCitationResult(true, null); // already in the bibliography
        }

        return await ApplyAsync(document, plan, $"Add the BibTeX entry of {key.Trim()}", context, cancellationToken).ConfigureAwait(false);
    }

    private static InsertCitationResult BibEntryApplied(JsonElement arguments, RequestContext context)
    {
        var uri = String(arguments, "uri");
        var key = String(arguments, "key");
        var bibPath = String(arguments, "bibPath");
        if (uri is null || string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(bibPath))
        {
            throw InvalidParams("paperlsp.bibEntryApplied needs {uri, key, bibPath, paperKey?}");
        }

        var papers = OpenDocument.PapersOf(context);
        // an index paper's entry, or an entry copied from another workspace .bib (the quick fix for a .bib the paper does not use)
        var paper = papers.Catalog.FindByKey(String(arguments, "paperKey") ?? key)?.Paper ?? papers.Bibliography.FindIgnoringCase(key)?.Paper;
        if (paper is null)
        {
            return new InsertCitationResult(false, $"unknown citation key '{key}'");
        }

        papers.PendingAppends.Add(bibPath, key, paper, papers.Bibliography.GetText(bibPath) ?? TextFiles.ReadOrNull(bibPath));
        return new InsertCitationResult(true, null);
    }

    /// <summary>Applies a plan's file edits through workspace/applyEdit (creating missing files on the client's behalf when it cannot) and remembers its BibTeX entry.</summary>
    internal static async Task<InsertCitationResult> ApplyAsync(OpenDocument document, CitationPlan plan, string label, RequestContext context, CancellationToken cancellationToken)
    {
        if (plan.Problem is not null)
        {
            return new InsertCitationResult(false, plan.Problem);
        }

        var edits = plan.Edits;

        var client = context.Workspace.Client;
        if (!client.CreateFiles && WorkspaceEdits.CreateMissingFiles(edits) is { } createProblem)
        {
            return new InsertCitationResult(false, createProblem);
        }

        var edit = WorkspaceEdits.Build(edits, document.Snapshot, context.Workspace, document.Papers.Bibliography, client.CreateFiles && edits.Any(e => e.CreateFile));
        var applied = await context.Client.ApplyEditAsync(edit, label, cancellationToken).ConfigureAwait(false);
        if (applied.Applied)
        {
            CitationInserter.NoteApplied(document, plan);
        }

        return new InsertCitationResult(applied.Applied, applied.Applied ? null : applied.FailureReason ?? "the client did not apply the edit");
    }

    private static PaperSearchResult ToResult(ScoredPaper hit)
    {
        var paper = hit.Paper.Paper;
        return new PaperSearchResult(hit.Paper.CitationKey, paper.Title, paper.Authors, paper.Year, paper.ArxivId, paper.Venue, Math.Round(hit.Score, 6));
    }

    private static JsonElement FirstArgument(JsonElement? arguments) => arguments switch
    {
        { ValueKind: JsonValueKind.Array } array when array.GetArrayLength() > 0 => array[0],
        { ValueKind: JsonValueKind.Object } single => single,
        _ => default,
    };

    private static string? String(JsonElement arguments, string name) =>
        arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Limit(JsonElement arguments) =>
        arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty("limit", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var limit)
            ? Math.Clamp(limit, 1, MaxLimit)
            : DefaultLimit;

    private static LocalRpcException InvalidParams(string message) => new(message) { ErrorCode = LspErrorCodes.InvalidParams };
}
