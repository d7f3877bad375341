using PaperLsp.Server.Documents;
using PaperLsp.Server.Protocol;
using PaperLsp.Server.Requests;
using PaperLsp.Server.Services;

namespace PaperLsp.Server.Handlers;

/// <summary>textDocument/didChange: applies incremental or full changes in order.</summary>
internal sealed class DidChangeHandler : ILspNotificationHandler<DidChangeTextDocumentParams>
{
    public string Method => "textDocument/didChange";

    public bool IsMutating => true;

    public Task HandleAsync(DidChangeTextDocumentParams parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var uri = parameters.TextDocument.Uri;
        var document = context.GetDocument(uri);
        if (document is null)
        {
            context.Log.Warning($"didChange for {uri}, which is not open: ignored");
            return Task.CompletedTask;
        }

        if (parameters.TextDocument.Version <= document.Version)
        {
            context.Log.Debug($"didChange for {uri} with version {parameters.TextDocument.Version} after {document.Version}");
        }

        var changes = parameters.ContentChanges ?? [];
        if (document.OutOfSync)
        {
            // Only a full-text change can bring an out-of-sync document back: apply from the last such change on.
            var full = changes.ToList().FindLastIndex(c => c.Range is null);
            if (full < 0)
            {
                context.Log.Debug($"didChange for {uri}: still out of sync (waiting for a full-text change or didOpen); ignored");
                return Task.CompletedTask;
            }

            changes = changes.Skip(full).ToArray();
            context.Log.Info($"{uri} is in sync again (full-text change at version {parameters.TextDocument.Version})");
        }

        // The line index is carried from version to version (updated per edit, not rebuilt from the whole text).
        LineIndex? lines = document.Lines;
        var text = DocumentEditor.TryApply(document.Content, ref lines, changes, out var problem, out var unchangedBefore);
        var changed = text is null
            ? document.AsOutOfSync(parameters.TextDocument.Version)
            : document.WithText(text, parameters.TextDocument.Version, lines, unchangedBefore);
        if (text is null)
        {
            context.Log.Warning($"didChange for {uri} version {parameters.TextDocument.Version} rejected: {problem}. " +
                "Keeping the last good text; the document resynchronises at the next full-text change or when it is reopened.");
        }

        context.UpdateWorkspace(w => w with { Documents = w.Documents.SetItem(uri, changed) });
        if (text is not null && CursorAfter(changes, changed) is { } cursor
            && context.GetService<PaperService>() is { } papers && OpenDocument.Find(context, uri) is { } open)
        {
            // A cite command being typed: its key slot's answer is computed before the '{' arrives.
            papers.Speculation.AfterEdit(open, cursor, context.Settings.CustomCiteMacros, context.Settings.CompletionLimit, () => DocumentBibliography.For(open, context.Settings));
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Where the cursor most likely is after the changes: at the end of the last incremental change's text, or between an
    /// auto-closed pair the editor inserted ("{}", "()", "[]", "&lt;&gt;"); null after a full-text change.
    /// </summary>
    internal static int? CursorAfter(IReadOnlyList<TextDocumentContentChangeEvent> changes, TextDocumentSnapshot changed)
    {
        if (changes.Count == 0 || changes[^1] is not { Range: { } range } last)
        {
            return null;
        }

        var start = changed.Lines.ToOffset(range.Start);
        var inserted = last.Text ?? "";
        var pair = inserted is "{}" or "()" or "[]" or "<>";
        var cursor = start + inserted.Length - (pair ? 1 : 0);
        return cursor >= 0 && cursor <= changed.Content.Length ? cursor : null;
    }
}
