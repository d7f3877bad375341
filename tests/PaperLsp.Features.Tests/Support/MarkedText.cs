namespace PaperLsp.Features.Tests.Support;

/// <summary>A test snippet with markers removed: <c>$0</c> is the cursor, <c>$1</c>…<c>$2</c> a selection.</summary>
internal sealed record MarkedText(string Text, int Cursor, int SelectionStart, int SelectionEnd)
{
    public static MarkedText Parse(string marked)
    {
        var text = marked;
        int Take(string marker)
        {
            var index = text.IndexOf(marker, StringComparison.Ordinal);
            if (index >= 0)
            {
                text = text.Remove(index, marker.Length);
            }

            return index;
        }

        // remove in document order so earlier removals do not shift later markers' reported positions
        var positions = new List<(string Marker, int Index)>();
        foreach (var marker in new[] { "$0", "$1", "$2" })
        {
            var index = marked.IndexOf(marker, StringComparison.Ordinal);
            if (index >= 0)
            {
                positions.Add((marker, index));
            }
        }

        var found = new Dictionary<string, int>();
        foreach (var (marker, _) in positions.OrderBy(p => p.Index))
        {
            found[marker] = Take(marker);
        }

        var cursor = found.GetValueOrDefault("$0", found.GetValueOrDefault("$2", -1));
        var selectionStart = found.GetValueOrDefault("$1", cursor);
        var selectionEnd = found.GetValueOrDefault("$2", cursor);
        return new MarkedText(text, cursor, selectionStart, selectionEnd);
    }
}
