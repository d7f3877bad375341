namespace PaperLsp.Features.Text;

/// <summary>
/// Replace the characters [<see cref="Start"/>, <see cref="End"/>) of a document (UTF-16 char offsets into the
/// text the request was computed on) with <see cref="NewText"/>. Start == End is a pure insertion.
/// </summary>
public sealed record TextEdit(int Start, int End, string NewText)
{
    /// <summary>True when nothing is removed.</summary>
    public bool IsInsertion => Start == End;

    /// <summary>An insertion of <paramref name="text"/> at <paramref name="offset"/>.</summary>
    public static TextEdit Insert(int offset, string text) => new(offset, offset, text);

    /// <summary>Applies edits (non-overlapping, offsets into <paramref name="text"/>) and returns the new text.</summary>
    public static string Apply(string text, IEnumerable<TextEdit> edits)
    {
        var ordered = edits.OrderByDescending(e => e.Start).ThenByDescending(e => e.End).ToList();
        var builder = new System.Text.StringBuilder(text);
        foreach (var edit in ordered)
        {
            if (edit.Start < 0 || edit.End < edit.Start || edit.End > text.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(edits), $"edit [{edit.Start}, {edit.End}) is outside a text of length {text.Length}");
            }

            builder.Remove(edit.Start, edit.End - edit.Start);
            builder.Insert(edit.Start, edit.NewText);
        }

        return builder.ToString();
    }
}
