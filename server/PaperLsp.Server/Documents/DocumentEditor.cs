using PaperLsp.Features.Text;
using PaperLsp.Server.Protocol;

namespace PaperLsp.Server.Documents;

/// <summary>Applies didChange content changes (incremental or full) to a document's text.</summary>
public static class DocumentEditor
{
    /// <summary>Applies the changes in order, each against the result of the previous one.</summary>
    public static string Apply(string text, IEnumerable<TextDocumentContentChangeEvent> changes)
    {
        foreach (var change in changes)
        {
            text = Apply(text, change);
        }

        return text;
    }

    /// <summary>
    /// Applies the changes in order unless one's range lies outside the text it applies to; then returns null and
    /// says which and why in <paramref name="problem"/>. A character past the end of its line counts as the line end
    /// (as LSP specifies); a line past the last one, a negative line or character, do not (a position one line past
    /// the last at character 0 is the end of the text).
    /// </summary>
    public static string? TryApply(string text, IReadOnlyList<TextDocumentContentChangeEvent> changes, out string? problem)
    {
        LineIndex? lines = null;
        return TryApply(text, ref lines, changes, out problem);
    }

    /// <summary>
    /// <see cref="TryApply(string, IReadOnlyList{TextDocumentContentChangeEvent}, out string?)"/> with the line index of
    /// <paramref name="text"/> (null: built when a ranged change needs it), updated edit by edit rather than rebuilt:
    /// on return <paramref name="lines"/> is the index of the returned text, or null when a full-text change came last.
    /// </summary>
    public static string? TryApply(string text, ref LineIndex? lines, IReadOnlyList<TextDocumentContentChangeEvent> changes, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryApply(ChunkedText.Of(text), ref lines, changes, out problem)?.ToString();
    }

    /// <summary>
    /// <see cref="TryApply(string, ref LineIndex?, IReadOnlyList{TextDocumentContentChangeEvent}, out string?)"/> on a chunked
    /// text: a ranged change copies only the chunks it touches (the document is never copied whole per keystroke).
    /// </summary>
    public static ChunkedText? TryApply(ChunkedText text, ref LineIndex? lines, IReadOnlyList<TextDocumentContentChangeEvent> changes, out string? problem) =>
        TryApply(text, ref lines, changes, out problem, out _);

    /// <inheritdoc cref="TryApply(ChunkedText, ref LineIndex?, IReadOnlyList{TextDocumentContentChangeEvent}, out string?)"/>
    /// <param name="unchangedBefore">On success, a length the text's start keeps unchanged: every change starts at or after it.</param>
    public static ChunkedText? TryApply(ChunkedText text, ref LineIndex? lines, IReadOnlyList<TextDocumentContentChangeEvent> changes, out string? problem, out int unchangedBefore)
    {
        ArgumentNullException.ThrowIfNull(text);
        unchangedBefore = text.Length;
        ArgumentNullException.ThrowIfNull(changes);
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            if (change.Range is not { } range)
            {
                text = ChunkedText.From(change.Text ?? "");
                lines = null;
                unchangedBefore = 0;
                continue;
            }

            lines ??= new LineIndex(text);
            if ((Outside(range.Start, lines) ?? Outside(range.End, lines)) is { } why)
            {
                problem = $"change {i + 1} of {changes.Count}: {why}";
                return null;
            }

            var (start, end) = lines.ToOffsets(range);
            var inserted = change.Text ?? "";
            unchangedBefore = Math.Min(unchangedBefore, start);
            text = text.Replace(start, end, inserted);
            lines = lines.WithEdit(text, start, end, inserted.Length);
        }

        problem = null;
        return text;
    }

    private static string? Outside(Position position, LineIndex lines) =>
        position.Line < 0 || position.Character < 0
            ? $"position {position.Line}:{position.Character} is negative"
            : position.Line > lines.LineCount || (position.Line == lines.LineCount && position.Character > 0)
                ? $"position {position.Line}:{position.Character} lies past the end of the document ({lines.LineCount} line(s))"
                : null;

    /// <summary>Applies one change: replaces its range, or the whole text when it has none.</summary>
    public static string Apply(string text, TextDocumentContentChangeEvent change)
    {
        if (change.Range is null)
        {
            return change.Text ?? "";
        }

        var (start, end) = new LineIndex(text).ToOffsets(change.Range);
        return Splice(text, start, end, change.Text ?? "");
    }

    /// <summary>The text with [start, end) replaced: one copy of the characters.</summary>
    private static string Splice(string text, int start, int end, string inserted) =>
        string.Concat(text.AsSpan(0, start), inserted.AsSpan(), text.AsSpan(end));
}
