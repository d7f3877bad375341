using System.Text.Json;
using PaperLsp.Features.Actions;
using PaperLsp.Features.Diagnostics;
using PaperLsp.Features.Editing;
using PaperLsp.Server.Requests;
using PaperLsp.Server.Protocol;
using PaperLsp.Server.Services;

namespace PaperLsp.Server.Handlers;

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
            actions.AddRange(QuickFixes(document, parameters.Context?.Diagnostics, context));
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

    private static IEnumerable<CodeAction> QuickFixes(OpenDocument document, JsonElement? diagnostics, RequestContext context)
    {
        if (diagnostics is not { ValueKind: JsonValueKind.Array } list)
        {
            yield break;
        }

        var snapshot = document.Snapshot;
        // the keys offered instead of an unknown one come from the .bib files the paper cites from, as its diagnostics do
        var inUse = DocumentBibliography.For(document, context.Settings);
        var suggester = new CitationDiagnostics(document.Papers.Catalog, inUse);
        CitationEditPolicy? policy = null;
        foreach (var raw in list.EnumerateArray())
        {
            if (!raw.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.String
                || code.GetString() is not (DiagnosticsPublisher.UnknownKeyCode or DiagnosticsPublisher.NotInBibCode or DiagnosticCodes.InUnusedBib)
                || Read(raw) is not { } diagnostic)
            {
                continue;
            }

            var (start, end) = snapshot.Lines.ToOffsets(diagnostic.Range);
            var key = snapshot.Text[start..end];
            if (key.Length == 0)
            {
                continue;
            }

            if (code.GetString() == DiagnosticCodes.InUnusedBib)
            {
                // the entry is in a .bib the paper's \bibliography does not name: copy it into the one it does
                if (document.Papers.Bibliography.EntryOutside(inUse, key) is { } elsewhere)
                {
                    policy ??= CitationInserter.Policy(document, context.Settings);
                    var copy = policy.CopyEntry(CitationInserter.Edited(document), elsewhere);
                    if (copy is { Problem: null, Edits.Count: > 0, Target: { } target })
                    {
                        yield return EntryFix($"Copy the entry of '{elsewhere.Key}' from {Path.GetFileName(elsewhere.Path)} into {Path.GetFileName(target.Path)}", copy, diagnostic, document, context);
                    }
                }

                continue;
            }

            if (code.GetString() == DiagnosticsPublisher.NotInBibCode)
            {
                policy ??= CitationInserter.Policy(document, context.Settings);
                var plan = policy.BibEntryOnly(CitationInserter.Edited(document), key);
                if (plan.Problem is null && plan.Edits.Count > 0 && plan.Paper is { } paper)
                {
                    yield return EntryFix("Add BibTeX entry for " + Shorten(paper.Title), plan, diagnostic, document, context);
                }

                continue;
            }

            var first = true;
            foreach (var suggestion in suggester.Replacements(key, start, end))
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

    /// <summary>The preferred quick fix that applies a plan adding a .bib entry, then tells the server it was applied.</summary>
    private static CodeAction EntryFix(string title, CitationPlan plan, Diagnostic diagnostic, OpenDocument document, RequestContext context) => new()
    {
        Title = title,
        Kind = CodeAction.QuickFix,
        Diagnostics = [diagnostic],
        IsPreferred = true,
        Edit = WorkspaceEdits.Build(plan.Edits, document.Snapshot, context.Workspace, document.Papers.Bibliography, context.Workspace.Client.DocumentChanges),
        Command = AppliedCommand(title, document.Snapshot.Uri, plan),
    };

    /// <summary>The command a code action runs after its edit so the server remembers the entry it appended (null when none).</summary>
    private static LspCommand? AppliedCommand(string title, string uri, CitationPlan plan) =>
        plan.Target is { } target
            ? new LspCommand(title, PaperLspCommands.BibEntryApplied, [new BibEntryAppliedArguments(uri, plan.Key, target.Path, plan.Key)])
            : null;

    private static Diagnostic? Read(JsonElement raw)
    {
        try
        {
            return raw.Deserialize<Diagnostic>(LspJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IEnumerable<CodeAction> CiteRelated(OpenDocument document, Protocol.Range range, RequestContext context, CancellationToken cancellationToken)
    {
        var snapshot = document.Snapshot;
        var settings = context.Settings;
        var (start, end) = snapshot.Lines.ToOffsets(range);
        var policy = CitationInserter.Policy(document, settings);
        var set = new RelatedPaperActions(document.Papers.Catalog, document.Papers.Bibliography, policy).Compute(
            new CodeActionRequest(document.Path, snapshot.Text, document.Language, start, end, settings.CitationStyle, CiteActions, settings.CustomCiteMacros),
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
                Command = action.BibPath is { } bibPath
                    ? new LspCommand(action.Title, PaperLspCommands.BibEntryApplied, [new BibEntryAppliedArguments(snapshot.Uri, action.Key, bibPath, action.Paper?.CitationKey)])
                    : null,
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
