using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PaperLsp.TestSupport;

namespace PaperLsp.Benchmarks;

/// <summary>
/// The client's copy of a document for the long-line benchmark: a real LaTeX paper with its comments removed and every
/// line break replaced by a space, the body repeated until the document is as long as asked, so that the whole document
/// is one line. Offsets map to LSP positions (UTF-16 code units) without scanning the text character by character.
/// </summary>
internal sealed partial class LongLineDocument
{
    private LongLineDocument(string uri, string text)
    {
        Uri = uri;
        Text = text;
    }

    public string Uri { get; }

    public string Text { get; private set; }

    public int Version { get; private set; } = 1;

    /// <summary>
    /// Builds the one-line document from <paramref name="tex"/>: comments removed (a joined comment would swallow the rest
    /// of the line), line breaks replaced by spaces, the body between <c>\begin{document}</c> and <c>\end{document}</c>
    /// repeated until the text has at least <paramref name="chars"/> characters.
    /// </summary>
    public static LongLineDocument Build(string uri, string tex, int chars)
    {
        var joined = LongLatexLine.JoinLines(tex);
        var begin = joined.IndexOf("\\begin{document}", StringComparison.Ordinal);
        var end = joined.LastIndexOf("\\end{document}", StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            throw new InvalidOperationException("the LaTeX file has no \\begin{document} … \\end{document}");
        }

        begin += "\\begin{document}".Length;
        var head = joined[..begin];
        var body = joined[begin..end];
        var tail = joined[end..];
        var text = new StringBuilder(chars + body.Length + head.Length + tail.Length).Append(head);
        while (text.Length + tail.Length < chars)
        {
            text.Append(body);
        }

        text.Append(tail);
        return new LongLineDocument(uri, text.ToString());
    }

    /// <summary>The offset just after the first sentence end (". " before a capital) at or after <paramref name="from"/>.</summary>
    public int SentenceBoundaryAfter(int from)
    {
        var match = SentenceEnd().Match(Text, Math.Clamp(from, 0, Text.Length));
        return match.Success ? match.Index + 2 : from;
    }

    /// <summary>An offset inside the first key of the first <c>\cite…{</c> at or after <paramref name="from"/>, or null.</summary>
    public int? CiteKeyAfter(int from)
    {
        var match = CiteOpening().Match(Text, Math.Clamp(from, 0, Text.Length));
        return match.Success ? match.Index + match.Length + 1 : null;
    }

    public JsonObject Position(int offset)
    {
        var before = Text.AsSpan(0, offset);
        var line = before.Count('\n');
        var lineStart = before.LastIndexOf('\n') + 1;
        return new JsonObject { ["line"] = line, ["character"] = offset - lineStart };
    }

    public JsonObject Identifier() => new() { ["uri"] = Uri };

    public JsonObject PositionParams(int offset) => new() { ["textDocument"] = Identifier(), ["position"] = Position(offset) };

    public JsonObject Range(int start, int end) => new() { ["start"] = Position(start), ["end"] = Position(end) };

    /// <summary>Inserts <paramref name="inserted"/> at <paramref name="offset"/>; returns the incremental didChange params.</summary>
    public JsonObject Insert(int offset, string inserted)
    {
        var position = Position(offset);
        Text = string.Concat(Text.AsSpan(0, offset), inserted, Text.AsSpan(offset));
        Version++;
        return new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri, ["version"] = Version },
            ["contentChanges"] = new JsonArray(new JsonObject { ["range"] = new JsonObject { ["start"] = position, ["end"] = position.DeepClone() }, ["text"] = inserted }),
        };
    }

    [GeneratedRegex(@"\. (?=[A-Z])")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\\cite[a-z]*\{")]
    private static partial Regex CiteOpening();
}
