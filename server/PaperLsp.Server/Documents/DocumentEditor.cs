using System.Text;
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
        for (var i = 0; i < changes.Count; i++)
        {
            if (changes[i].Range is { } range)
            {
                var lines = new LineIndex(text);
                if ((Outside(range.Start, lines) ?? Outside(range.End, lines)) is { } why)
                {
                    problem = $"change {i + 1} of {changes.Count}: {why}";
                    return null;
                }
            }

            text = Apply(text, changes[i]);
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

        var index = new LineIndex(text);
        var (start, end) = index.ToOffsets(change.Range);
        var builder = new StringBuilder(text.Length - (end - start) + (change.Text?.Length ?? 0));
        builder.Append(text, 0, start).Append(change.Text).Append(text, end, text.Length - end);
        return builder.ToString();
    }
}
