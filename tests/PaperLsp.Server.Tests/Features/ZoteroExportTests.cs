using System.Text.Json;
using System.Text.Json.Nodes;

namespace PaperLsp.Server.Tests.Features;

/// <summary>
/// A Better BibTeX auto-export listed as a corpus path: Zotero rewrites it by writing a temporary file and renaming it
/// over the export (or moving one in from elsewhere). Each rewrite is picked up by the watcher alone (no reindex
/// command), and repeated rewrites leave no duplicate papers.
/// </summary>
public sealed class ZoteroExportTests(SampleIndexFixture index) : IClassFixture<SampleIndexFixture>
{
    private static string Entry(string key, string title, int year, string? doi = null) =>
        $"@article{{{key},\n  title = {{{title}}},\n  author = {{Doe, Jane and Roe, Richard}},\n  year = {{{year}}},\n{(doi is null ? "" : $"  doi = {{{doi}}},\n")}}}\n\n";

    private static readonly string[] Three =
    [
        Entry("doe2021sparse", "Sparse Mixtures of Experts for Citation Retrieval", 2021, "10.1234/sparse.2021"),
        Entry("roe2022dense", "Dense Passage Ranking Revisited for Scholarly Search", 2022),
        Entry("doe2023graphs", "Citation Graphs as Weak Supervision", 2023),
    ];

    [Fact]
    public async Task Rewrites_by_rename_are_re_read_without_duplicates()
    {
        var root = index.NewWorkspace(FeatureWorkspace.Files("Text."));
        var zotero = Path.Combine(root, "zotero");
        Directory.CreateDirectory(zotero);
        var export = Path.Combine(zotero, "My Library.bib");
        File.WriteAllText(export, string.Concat(Three));
        await using var session = await FeatureSession.StartAsync(root, null, initializationOptions: new JsonObject
        {
            ["indexPath"] = Path.Combine(root, "idx", "index.db"),
            ["modelPath"] = Path.Combine(root, "no-such-model"),
            ["corpusPaths"] = new JsonArray(export),
        });
        Assert.Equal(3, (await session.WaitReadyAsync()).GetProperty("params").GetProperty("papers").GetInt32());

        // 1: Better BibTeX style: a temporary file beside the export, renamed over it; one entry more.
        var seen = session.Client.Received.Count;
        RenameOver(export, Path.Combine(zotero, ".My Library.bib.tmp"), string.Concat(Three) + Entry("roe2024new", "A Fourth Paper Arrives", 2024));
        await WaitForPapersAsync(session, seen, 4);

        // 2 and 3: the same export rewritten twice more, entries reordered and one title corrected: still 4 papers.
        for (var round = 0; round < 2; round++)
        {
            seen = session.Client.Received.Count;
            var corrected = Three[0].Replace("for Citation Retrieval", "for Citation Recommendation", StringComparison.Ordinal);
            RenameOver(export, Path.Combine(zotero, $".My Library.bib.{round}.tmp"), Entry("roe2024new", "A Fourth Paper Arrives", 2024) + Three[2] + Three[1] + corrected);
            var status = await WaitForReindexAsync(session, seen);
            Assert.Equal(4, status.GetProperty("params").GetProperty("papers").GetInt32());
        }

        var hits = await SearchAsync(session, "sparse mixtures of experts citation");
        Assert.Single(hits, h => h.StartsWith("Sparse Mixtures of Experts", StringComparison.Ordinal));
        Assert.Contains("Sparse Mixtures of Experts for Citation Recommendation", hits);

        // 4: written elsewhere and moved in (a rename into the folder): one entry fewer.
        seen = session.Client.Received.Count;
        var outside = Path.Combine(root, "elsewhere");
        Directory.CreateDirectory(outside);
        RenameOver(export, Path.Combine(outside, "export.tmp"), Three[1] + Three[2] + Entry("roe2024new", "A Fourth Paper Arrives", 2024));
        await WaitForPapersAsync(session, seen, 3);
    }

    private static void RenameOver(string target, string temporary, string content)
    {
        File.WriteAllText(temporary, content);
        File.Move(temporary, target, overwrite: true);
    }

    private static async Task<JsonElement> WaitForPapersAsync(FeatureSession session, int after, int papers) =>
        (await WaitAfterAsync(session, after, m => IsReady(m) && m.GetProperty("params").GetProperty("papers").GetInt32() == papers)).Message;

    /// <summary>The first "ready" after a re-index that the watcher started (its log line), seen after message <paramref name="after"/>.</summary>
    private static async Task<JsonElement> WaitForReindexAsync(FeatureSession session, int after)
    {
        var (_, logged) = await WaitAfterAsync(session, after, m => LspTestClient.IsMethod(m, "window/logMessage")
            && m.GetProperty("params").GetProperty("message").GetString()!.Contains("corpus file(s) changed", StringComparison.Ordinal));
        return (await WaitAfterAsync(session, logged + 1, IsReady)).Message;
    }

    private static async Task<(JsonElement Message, int Index)> WaitAfterAsync(FeatureSession session, int after, Func<JsonElement, bool> predicate)
    {
        using var timeout = new CancellationTokenSource(LspTestClient.Timeout);
        while (true)
        {
            var index = 0;
            foreach (var message in session.Client.Received)
            {
                if (index >= after && predicate(message))
                {
                    return (message, index);
                }

                index++;
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    private static bool IsReady(JsonElement m) => LspTestClient.IsMethod(m, "paperlsp/status") && m.GetProperty("params").GetProperty("state").GetString() == "ready";

    private static async Task<List<string>> SearchAsync(FeatureSession session, string query)
    {
        var result = await session.ResultAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "paperlsp.search",
            ["arguments"] = new JsonArray(new JsonObject { ["query"] = query }),
        });
        return [.. result.EnumerateArray().Select(r => r.GetProperty("title").GetString()!)];
    }
}
