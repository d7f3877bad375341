using System.Text;

namespace PaperLsp.TestSupport.Fuzz;

/// <summary>
/// The fuzz's model of one open document, written from the LSP specification and independent of the server's
/// line index: lines end at <c>\r\n</c>, <c>\n</c> or <c>\r</c>; positions count UTF-16 code units; a character past
/// the end of its line means the line's end, a line past the last line means the end of the text.
/// </summary>
public sealed class ReferenceDocument(string uri, string languageId, string text)
{
    public string Uri { get; } = uri;

    public string LanguageId { get; } = languageId;

    public string Text { get; private set; } = text;

    public int Version { get; set; } = 1;

    /// <summary>Start offset of every line, and the length of its content without the line break.</summary>
    public IReadOnlyList<(int Start, int Length)> Lines()
    {
        var lines = new List<(int, int)>();
        var start = 0;
        for (var i = 0; i < Text.Length; i++)
        {
            if (Text[i] is '\r' or '\n')
            {
                lines.Add((start, i - start));
                if (Text[i] == '\r' && i + 1 < Text.Length && Text[i + 1] == '\n')
                {
                    i++;
                }

                start = i + 1;
            }
        }

        lines.Add((start, Text.Length - start));
        return lines;
    }

    /// <summary>The string offset of an LSP position (clamped as the specification says).</summary>
    public int ToOffset(int line, int character)
    {
        var lines = Lines();
        if (line >= lines.Count)
        {
            return Text.Length;
        }

        var (start, length) = lines[line];
        return start + Math.Min(character, length);
    }

    /// <summary>The LSP position of a string offset (which must not split a line break).</summary>
    public (int Line, int Character) ToPosition(int offset)
    {
        var lines = Lines();
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            if (lines[i].Start <= offset)
            {
                return (i, offset - lines[i].Start);
            }
        }

        return (0, 0);
    }

    /// <summary>Applies one content change: a range edit, or the whole text when <paramref name="range"/> is null.</summary>
    public void Apply(((int Line, int Character) Start, (int Line, int Character) End)? range, string newText)
    {
        if (range is not { } r)
        {
            Text = newText;
            return;
        }

        var start = ToOffset(r.Start.Line, r.Start.Character);
        var end = Math.Max(start, ToOffset(r.End.Line, r.End.Character));
        Text = new StringBuilder(Text.Length + newText.Length).Append(Text, 0, start).Append(newText).Append(Text, end, Text.Length - end).ToString();
    }
}
