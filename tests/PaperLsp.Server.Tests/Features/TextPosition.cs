namespace PaperLsp.Server.Tests.Features;

/// <summary>Finds the (line, character) of a marker in a text and removes the marker.</summary>
internal static class TextPosition
{
    public const string Cursor = "|";

    /// <summary>The text without the first <paramref name="marker"/>, and the marker's position.</summary>
    public static (string Text, int Line, int Character) Take(string marked, string marker = Cursor)
    {
        var offset = marked.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(offset >= 0, $"no {marker} in {marked}");
        var text = marked.Remove(offset, marker.Length);
        var before = text[..offset];
        var line = before.Count(c => c == '\n');
        var character = offset - (before.LastIndexOf('\n') + 1);
        return (text, line, character);
    }

    /// <summary>The (line, character) of an offset.</summary>
    public static (int Line, int Character) Of(string text, int offset)
    {
        var before = text[..offset];
        return (before.Count(c => c == '\n'), offset - (before.LastIndexOf('\n') + 1));
    }
}
