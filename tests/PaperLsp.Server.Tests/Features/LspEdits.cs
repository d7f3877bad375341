using System.Text.Json;
using PaperLsp.Server.Documents;
using PaperLsp.Server.Protocol;

namespace PaperLsp.Server.Tests.Features;

/// <summary>Applies LSP text edits (as JSON) to a text, like a client would.</summary>
internal static class LspEdits
{
    public static string Apply(string text, JsonElement edits)
    {
        var lines = new LineIndex(text);
        var spans = edits.EnumerateArray()
            .Select(e => (Offsets: lines.ToOffsets(e.GetProperty("range").Deserialize<PaperLsp.Server.Protocol.Range>(LspJson.Options)!), NewText: e.GetProperty("newText").GetString()!))
            .OrderByDescending(e => e.Offsets.Start)
            .ToList();
        foreach (var (offsets, newText) in spans)
        {
            text = text[..offsets.Start] + newText + text[offsets.End..];
        }

        return text;
    }

    /// <summary>The edits for a URI in a WorkspaceEdit, from changes or documentChanges.</summary>
    public static JsonElement? For(JsonElement workspaceEdit, string uri)
    {
        if (workspaceEdit.TryGetProperty("changes", out var changes) && changes.TryGetProperty(uri, out var list))
        {
            return list;
        }

        if (workspaceEdit.TryGetProperty("documentChanges", out var documentChanges))
        {
            foreach (var change in documentChanges.EnumerateArray())
            {
                if (change.TryGetProperty("textDocument", out var document) && document.GetProperty("uri").GetString() == uri)
                {
                    return change.GetProperty("edits");
                }
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="edited"/> is <paramref name="original"/> with only insertions (every original char kept, in order).</summary>
    public static bool OnlyInserts(string original, string edited)
    {
        var j = 0;
        foreach (var c in edited)
        {
            if (j < original.Length && original[j] == c)
            {
                j++;
            }
        }

        return j == original.Length;
    }
}
