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
