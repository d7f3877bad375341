using System.Text;
using System.Text.Json.Nodes;

namespace PaperLsp.Benchmarks;

/// <summary>The client's copy of an open document: text, version, offset to LSP position (UTF-16 code units).</summary>
internal sealed class EndToEndDocument(string uri, string text)
{
    private readonly StringBuilder text = new(text);

    public string Uri { get; } = uri;

    public int Version { get; private set; } = 1;

    public string Text => text.ToString();

    public int Length => text.Length;

    public JsonObject Position(int offset)
    {
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new JsonObject { ["line"] = line, ["character"] = offset - lineStart };
    }

    public JsonObject Range(int start, int end) => new() { ["start"] = Position(start), ["end"] = Position(end) };

    public JsonObject Identifier() => new() { ["uri"] = Uri };

    /// <summary>Inserts <paramref name="inserted"/> at <paramref name="offset"/>; returns the didChange params (incremental or full).</summary>
    public JsonObject Insert(int offset, string inserted, bool incremental)
    {
        var position = Position(offset);
        text.Insert(offset, inserted);
        Version++;
        var change = incremental
            ? new JsonObject { ["range"] = new JsonObject { ["start"] = position, ["end"] = position.DeepClone() }, ["text"] = inserted }
            : new JsonObject { ["text"] = text.ToString() };
        return new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri, ["version"] = Version },
            ["contentChanges"] = new JsonArray(change),
        };
    }

    public JsonObject PositionParams(int offset) => new() { ["textDocument"] = Identifier(), ["position"] = Position(offset) };
}
