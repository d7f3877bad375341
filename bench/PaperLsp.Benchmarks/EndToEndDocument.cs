using System.Text.Json.Nodes;

namespace PaperLsp.Benchmarks;

/// <summary>The client's copy of an open document: text, version, offset to LSP position (UTF-16 code units).</summary>
internal sealed class EndToEndDocument(string uri, string text)
{
    // A plain string, copied on each insert (~0.1 ms for a 130 kB paper): a StringBuilder edited at thousands of places
    // splits into as many chunks, and its indexer walks them, so finding a position cost the client more with every
    // keystroke (56 s of CPU in a 36-sentence replay), CPU the server then did not have on 2 cores.
    private string text = text;

    public string Uri { get; } = uri;

    public int Version { get; private set; } = 1;

    public string Text => text;

    public int Length => text.Length;

    public JsonObject Position(int offset)
    {
        var before = text.AsSpan(0, offset);
        var line = before.Count('\n');
        var lineStart = before.LastIndexOf('\n') + 1;
        return new JsonObject { ["line"] = line, ["character"] = offset - lineStart };
    }

    public JsonObject Range(int start, int end) => new() { ["start"] = Position(start), ["end"] = Position(end) };

    public JsonObject Identifier() => new() { ["uri"] = Uri };

    /// <summary>Inserts <paramref name="inserted"/> at <paramref name="offset"/>; returns the didChange params (incremental or full).</summary>
    public JsonObject Insert(int offset, string inserted, bool incremental)
    {
        var position = Position(offset);
        text = text.Insert(offset, inserted);
        Version++;
        var change = incremental
            ? new JsonObject { ["range"] = new JsonObject { ["start"] = position, ["end"] = position.DeepClone() }, ["text"] = inserted }
            : new JsonObject { ["text"] = text };
        return new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri, ["version"] = Version },
            ["contentChanges"] = new JsonArray(change),
        };
    }

    public JsonObject PositionParams(int offset) => new() { ["textDocument"] = Identifier(), ["position"] = Position(offset) };
}
