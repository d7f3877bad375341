using System.Text.Json;
using PaperLsp.Features.Actions;
using PaperLsp.Features.Diagnostics;
using PaperLsp.Server.Handlers;
using PaperLsp.Server.Protocol;

namespace PaperLsp.Server.Features;

/// <summary>
/// textDocument/codeAction: quick fixes replacing unknown keys (from PaperLsp's diagnostics) with the closest known
/// keys; "Cite related: …" for the top papers matching the selection or sentence (citation + BibTeX entry, as a
/// WorkspaceEdit; when a new .bib is needed and the client cannot create files, as the paperlsp.insertCitation
/// command instead); and "Show related papers" (the paperlsp.related command).
/// </summary>
internal sealed class CodeActionHandler : ILspRequestHandler<CodeActionParams, IReadOnlyList<object>>
{
    private const int CiteActions = 3;

    public string Method => "textDocument/codeAction";

    public bool IsMutating => false;

    public Task<IReadOnlyList<object>> HandleAsync(CodeActionParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var document = OpenDocument.Find(context, parameters.TextDocument.Uri);
        if (document is null)
        {
            return Task.FromResult<IReadOnlyList<object>>([]);
        }

        var only = parameters.Context?.Only;
        bool Wanted(string kind) => only is null || only.Count == 0 || only.Any(o => kind == o || kind.StartsWith(o + ".", StringComparison.Ordinal));
        var client = context.Workspace.Client;
        var literals = client.CodeActionLiterals || client == Workspace.ClientFeatures.None;
        var actions = new List<CodeAction>();
        if (Wanted(CodeAction.QuickFix))
        {
            actions.AddRange(QuickFixes(document, parameters.Context?.Diagnostics));
        }

        if (Wanted(CodeAction.Refactor))
        {
            actions.AddRange(AddPaperActions.Compute(document, parameters.Range));
            actions.AddRange(CiteRelated(document, parameters.Range, context, cancellationToken));
        }

        IReadOnlyList<object> result = literals
            ? actions
            : actions.Where(a => a.Command is not null).Select(a => (object)a.Command!).ToList();
        return Task.FromResult(result);
    }

    private static IEnumerable<CodeAction> QuickFixes(OpenDocument document, JsonElement? diagnostics)
    {
        if (diagnostics is not { ValueKind: JsonValueKind.Array } list)
        {
            yield break;
        }

        var snapshot = document.Snapshot;
        var suggester = new CitationDiagnostics(document.Papers.Catalog, document.Papers.Bibliography);
        foreach (var raw in list.EnumerateArray())
        {
            if (!raw.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.String || code.GetString() != DiagnosticsPublisher.UnknownKeyCode)
            {
                continue;
            }

            Diagnostic? diagnostic;
            try
            {
                diagnostic = raw.Deserialize<Diagnostic>(LspJson.Options);
            }
            catch (JsonException)
            {
                continue;
            }

            if (diagnostic is null)
            {
                continue;
            }

            var (start, end) = snapshot.Lines.ToOffsets(diagnostic.Range);
            var key = snapshot.Text[start..end];
            if (key.Length == 0)
            {
                continue;
            }

            var first = true;
            foreach (var suggestion in suggester.Suggest(key, start, end))
            {
                yield return new CodeAction
                {
                    Title = $"Replace '{key}' with '{suggestion.Key}' ({Shorten(suggestion.Title)})",
                    Kind = CodeAction.QuickFix,
                    Diagnostics = [diagnostic],
                    IsPreferred = first ? true : null,
                    Edit = new WorkspaceEdit(new Dictionary<string, IReadOnlyList<TextEdit>>(StringComparer.Ordinal)
                    {
                        [snapshot.Uri] = [new TextEdit(snapshot.Lines.ToRange(suggestion.Edit.Start, suggestion.Edit.End), suggestion.Edit.NewText)],
                    }),
                };
                first = false;
            }
        }
    }

    private static IEnumerable<CodeAction> CiteRelated(OpenDocument document, Protocol.Range range, RequestContext context, CancellationToken cancellationToken)
    {
        var snapshot = document.Snapshot;
        var settings = context.Settings;
        var (start, end) = snapshot.Lines.ToOffsets(range);
        var set = new RelatedPaperActions(document.Papers.Catalog, document.Papers.Bibliography).Compute(
            new CodeActionRequest(document.Path, snapshot.Text, document.Language, start, end, "\\" + settings.CitationStyle, CiteActions, settings.CustomCiteMacros),
            cancellationToken);
        var client = context.Workspace.Client;
        foreach (var action in set.CiteActions)
        {
            if (action.CreatesBibFile && !client.CreateFiles)
            {
                var documentEdit = action.Edits.FirstOrDefault(e => e.Path == document.Path);
                var at = documentEdit is { Edits.Count: > 0 } ? documentEdit.Edits[0].Start : end;
                yield return new CodeAction
                {
                    Title = action.Title,
                    Kind = CodeAction.Refactor,
                    Command = new LspCommand(action.Title, PaperLspCommands.InsertCitation, [new InsertCitationArguments(snapshot.Uri, snapshot.Lines.ToPosition(at), action.Key)]),
                };
                continue;
            }

            yield return new CodeAction
            {
                Title = action.Title,
                Kind = CodeAction.Refactor,
                Edit = WorkspaceEdits.Build(action.Edits, snapshot, context.Workspace, document.Papers.Bibliography, client.DocumentChanges),
            };
        }

        if (set.RelatedPapers.Count > 0)
        {
            yield return new CodeAction
            {
                Title = set.ShowRelatedTitle,
                Kind = CodeAction.Refactor,
                Command = new LspCommand(set.ShowRelatedTitle, PaperLspCommands.Related, [new RelatedArguments(snapshot.Uri, snapshot.Lines.ToPosition(end), null)]),
            };
        }
    }

    private static string Shorten(string title) => title.Length <= 60 ? title : title[..57] + "...";
}
