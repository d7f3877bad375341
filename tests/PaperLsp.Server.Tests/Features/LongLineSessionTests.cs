using System.Text.Json;
using System.Text.Json.Nodes;

namespace PaperLsp.Server.Tests.Features;

/// <summary>
/// A LaTeX document whose body is one 2.2 MB line (with surrogate pairs in it), edited one character at a time through
/// the in-process server: completion in the middle and at the end of the line, hover, diagnostics of the last version,
/// and the same answers after a full-text re-sync of the text the client holds.
/// </summary>
public sealed class LongLineSessionTests(SampleIndexFixture index) : IClassFixture<SampleIndexFixture>
{
    private static readonly string[] Keys = ["smith2020known", "doe2019other", "smith2020known"];

    [Fact]
    public async Task Typing_in_a_two_megabyte_line_completes_hovers_and_diagnoses_it()
    {
        var body = LongLatexLine.Build(2_200_000, Keys);
        var root = index.NewWorkspace(FeatureWorkspace.Files(body));
        await using var session = await FeatureSession.StartAsync(root, index.Catalog);
        var uri = await session.OpenAsync("main.tex");
        var client = new ClientCopy(uri, FeatureWorkspace.Tex(body));
        Assert.Contains("😀", body, StringComparison.Ordinal);

        // In the middle of the line: a sentence typed key by key, then completion at "\cite{smi".
        // (typed after the space that ends the previous sentence, so that a space follows the half-typed key)
        const string Typed = " Prior work studies graph colouring \\cite{smi";
        var middle = client.BodyStart + LongLatexLine.SentenceStartNear(body, body.Length / 2, Keys) - 1;
        var cursor = await client.TypeAsync(session, middle, Typed);
        var site = cursor;
        var atMiddle = await session.ResultAsync("textDocument/completion", client.At(cursor));
        var first = atMiddle.GetProperty("items")[0];
        Assert.Equal("smith2020known", first.GetProperty("label").GetString());
        CompletionTests.AssertRange(first.GetProperty("textEdit").GetProperty("range"), 2, client.Character(cursor - 3), 2, client.Character(cursor));
        cursor = await client.TypeAsync(session, cursor, "th2020known}");

        var hover = await session.ResultAsync("textDocument/hover", client.At(cursor - 5));
        Assert.Contains("A Known Paper About Graph Coloring Heuristics", hover.GetProperty("contents").GetProperty("value").GetString(), StringComparison.Ordinal);
        CompletionTests.AssertRange(hover.GetProperty("range"), 2, client.Character(cursor - 15), 2, client.Character(cursor - 1));

        // An unknown key three quarters in, as one change.
        var unknownAt = client.BodyStart + LongLatexLine.SentenceStartNear(body, body.Length * 3 / 4, Keys);
        await client.ChangeAsync(session, unknownAt, 0, "Sorting networks \\cite{nosuchkey2099}. ");
        var unknownKeyStart = unknownAt + "Sorting networks \\cite{".Length;

        // At the end of the line.
        var end = client.Text.IndexOf("\n\\bibliography", StringComparison.Ordinal);
        cursor = await client.TypeAsync(session, end, " Sorting networks \\cite{doe");
        var atEnd = await session.ResultAsync("textDocument/completion", client.At(cursor));
        Assert.Equal("doe2019other", atEnd.GetProperty("items")[0].GetProperty("label").GetString());

        // Diagnostics of the last version: the unknown key only (the key being typed at the end is not closed yet).
        var published = await session.Client.WaitForMessageAsync(m => LspTestClient.IsMethod(m, "textDocument/publishDiagnostics")
            && m.GetProperty("params").GetProperty("uri").GetString() == uri
            && m.GetProperty("params").TryGetProperty("version", out var v) && v.GetInt32() == client.Version
            && m.GetProperty("params").GetProperty("diagnostics").GetArrayLength() > 0, TimeSpan.FromSeconds(30));
        var diagnostic = Assert.Single(published.GetProperty("params").GetProperty("diagnostics").EnumerateArray());
        Assert.Equal("unknown-citation-key", diagnostic.GetProperty("code").GetString());
        CompletionTests.AssertRange(diagnostic.GetProperty("range"), 2, client.Character(unknownKeyStart), 2, client.Character(unknownKeyStart + "nosuchkey2099".Length));

        // The server's text is the client's: a full-text re-sync gives the same answers.
        var before = Labels(atEnd);
        var middleBefore = Labels(await session.ResultAsync("textDocument/completion", client.At(site)));
        await client.ResyncAsync(session);
        Assert.Equal(before, Labels(await session.ResultAsync("textDocument/completion", client.At(cursor))));
        Assert.Equal(middleBefore, Labels(await session.ResultAsync("textDocument/completion", client.At(site))));
    }

    private static List<string> Labels(JsonElement completion) =>
        completion.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("label").GetString()! + " " + i.GetProperty("textEdit").GetProperty("range")).ToList();

    /// <summary>The client's copy of the document: its text and version; the long body is line 2.</summary>
    private sealed class ClientCopy(string uri, string text)
    {
        public string Text { get; private set; } = text;

        public int Version { get; private set; } = 1;

        public int BodyStart { get; } = text.IndexOf("\\begin{document}\n", StringComparison.Ordinal) + "\\begin{document}\n".Length;

        /// <summary>The UTF-16 character of an offset on the body line.</summary>
        public int Character(int offset) => offset - BodyStart;

        public JsonObject At(int offset) => FeatureSession.At(uri, 2, Character(offset));

        public async Task<int> TypeAsync(FeatureSession session, int at, string typed)
        {
            foreach (var c in typed)
            {
                await ChangeAsync(session, at, 0, c.ToString());
                at++;
            }

            return at;
        }

        public Task ChangeAsync(FeatureSession session, int at, int removed, string inserted)
        {
            Text = Text[..at] + inserted + Text[(at + removed)..];
            Version++;
            return session.Client.NotifyAsync("textDocument/didChange", Documents.ChangeParams(uri, Version,
                Documents.Incremental(2, Character(at), 2, Character(at + removed), inserted)));
        }

        public Task ResyncAsync(FeatureSession session)
        {
            Version++;
            return session.Client.NotifyAsync("textDocument/didChange", Documents.ChangeParams(uri, Version, Documents.Full(Text)));
        }
    }
}
