using System.Text.Json;
using System.Text.Json.Nodes;
using PaperLsp.Embeddings.Models;
using PaperLsp.Server.Requests;
using PaperLsp.Server.Services;
using PaperLsp.TestSupport;

namespace PaperLsp.Server.Tests.Features;

/// <summary>The paper service end to end: the settings' index and corpus, background indexing with progress and status, watchers.</summary>
public sealed class PaperServiceTests(SampleIndexFixture index) : IClassFixture<SampleIndexFixture>
{
    [Fact]
    public async Task Indexes_the_corpus_in_the_background_with_progress_and_status_then_completes_from_it()
    {
        var (body, line, character) = TextPosition.Take(FeatureWorkspace.Paraphrase + " \\cite{|}.");
        var root = index.NewWorkspace(FeatureWorkspace.Files(body));
        var indexPath = Path.Combine(root, ".paperlsp", "index.db");
        await using var session = await FeatureSession.StartAsync(root, null, initializationOptions: new JsonObject
        {
            ["indexPath"] = indexPath,
            ["corpusPaths"] = new JsonArray(index.CorpusFolder),
        });

        // A fresh index: the server embeds the 217 papers with the real model (at the lowest CPU priority) before "ready",
        // which takes seconds on an idle machine and minutes on a busy one.
        var ready = await session.WaitReadyAsync(TimeSpan.FromMinutes(10));

        var status = ready.GetProperty("params");
        Assert.Equal("ready", status.GetProperty("state").GetString());
        Assert.Equal(index.PaperCount, status.GetProperty("papers").GetInt32());
        Assert.False(status.TryGetProperty("indexing", out _));
        var hasModel = ModelLocator.FindDefault() is not null;
        Assert.Equal(hasModel ? "cpu" : "none", status.GetProperty("executionProvider").GetString());
        Assert.True(File.Exists(indexPath));
        if (index.Model is { } model)
        {
            using var written = PaperLsp.Storage.PaperStore.Open(indexPath, createIfMissing: false);
            Assert.Equal(index.PaperCount, written.Info().Models.Single(m => m.ModelId == model.Info.Id).VectorCount);
        }

        Assert.Contains(session.Client.Received, m => LspTestClient.IsMethod(m, "window/workDoneProgress/create"));
        Assert.Contains(session.Client.Received, m => LspTestClient.IsMethod(m, "$/progress")
            && m.GetProperty("params").GetProperty("value").GetProperty("kind").GetString() == "begin"
            && m.GetProperty("params").GetProperty("value").GetProperty("title").GetString()!.Contains("indexing", StringComparison.Ordinal));
        Assert.Contains(session.Client.Received, m => LspTestClient.IsMethod(m, "paperlsp/status")
            && m.GetProperty("params").TryGetProperty("indexing", out _));

        var uri = await session.OpenAsync("main.tex");
        var result = await session.ResultAsync("textDocument/completion", FeatureSession.At(uri, line + 2, character));
        var labels = result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("label").GetString()).ToList();
        Assert.Contains(index.KeyOfTitle(FeatureWorkspace.SgdTitle), hasModel ? labels.Take(5) : labels);
    }

    [Fact]
    public async Task Without_a_model_it_works_lexically_and_says_so()
    {
        var (body, line, character) = TextPosition.Take("Prior work \\cite{revisiting|}.");
        var root = index.NewWorkspace(FeatureWorkspace.Files(body));
        await using var session = await FeatureSession.StartAsync(root, null, initializationOptions: new JsonObject
        {
            ["indexPath"] = Path.Combine(root, "idx", "index.db"),
            ["modelPath"] = Path.Combine(root, "no-such-model"),
            ["corpusPaths"] = new JsonArray(index.CorpusFolder),
        });

        var status = (await session.WaitReadyAsync()).GetProperty("params");

        Assert.Equal("none", status.GetProperty("executionProvider").GetString());
        Assert.Equal(index.PaperCount, status.GetProperty("papers").GetInt32());
        var uri = await session.OpenAsync("main.tex");
        var result = await session.ResultAsync("textDocument/completion", FeatureSession.At(uri, line + 2, character));
        var labels = result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("label").GetString()).ToList();
        Assert.Contains(index.KeyOfTitle(FeatureWorkspace.SgdTitle), labels.Take(5));
    }

    [Fact]
    public async Task When_it_says_ready_the_hover_cards_of_the_keys_cited_in_open_documents_are_built_for_the_catalog_it_answers_from()
    {
        var keys = index.Store.KeysWithPrefix("", 3).Select(p => p.CitationKey).ToList();
        var text = $"Prior work~\\cite{{{keys[0]}}} and~\\citep{{{keys[1]},{keys[2]}}}.\n";
        var root = index.NewWorkspace(FeatureWorkspace.Files(text));
        PaperService? papers = null;
        await using var client = LspTestClient.Start(new LanguageServerOptions
        {
            FeatureServices = services => new FeatureServiceCollection().Add(papers = new PaperService(services)),
        });
        var rootUri = new Uri(root + "/").AbsoluteUri;
        await client.RequestAsync("initialize", new JsonObject
        {
            ["processId"] = null,
            ["rootUri"] = rootUri,
            ["capabilities"] = FeatureSession.FullCapabilities(),
            ["initializationOptions"] = new JsonObject
            {
                ["indexPath"] = Path.Combine(root, "idx", "index.db"),
                ["modelPath"] = Path.Combine(root, "no-such-model"),
                ["corpusPaths"] = new JsonArray(index.CorpusFolder),
            },
        });

        // Opened before the server starts loading its index (it starts on "initialized"), so the load sees it.
        var uri = new Uri(Path.Combine(root, "main.tex")).AbsoluteUri;
        await client.NotifyAsync("textDocument/didOpen", Documents.OpenParams(uri, text, "latex"));
        await client.NotifyAsync("initialized", new JsonObject());
        await client.WaitForMessageAsync(m => LspTestClient.IsMethod(m, "paperlsp/status") && m.GetProperty("params").GetProperty("state").GetString() == "ready", TimeSpan.FromMinutes(5));

        Assert.NotNull(papers);
        Assert.All(keys, key => Assert.True(papers.HoverCards.Contains(papers.Catalog, papers.Bibliography, key), $"no card kept for {key} when the server said ready"));
        var hover = JsonAssert.Result(await client.RequestAsync("textDocument/hover", FeatureSession.At(uri, 0, "Prior work~\\cite{".Length + 1)));
        Assert.Equal(new PaperLsp.Features.Hover.HoverCardBuilder(papers.Catalog, papers.Bibliography).BuildMarkdown(keys[0]), hover.GetProperty("contents").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Relative_corpus_folders_resolve_against_the_workspace_and_are_watched()
    {
        var samples = Directory.GetFiles(index.CorpusFolder, "*.txt").Order(StringComparer.Ordinal).ToList();
        var root = index.NewWorkspace(FeatureWorkspace.Files("Text."));
        Directory.CreateDirectory(Path.Combine(root, "corpus"));
        File.Copy(samples[0], Path.Combine(root, "corpus", Path.GetFileName(samples[0])));
        await using var session = await FeatureSession.StartAsync(root, null, initializationOptions: new JsonObject
        {
            ["indexPath"] = Path.Combine(root, "idx", "index.db"),
            ["modelPath"] = Path.Combine(root, "no-such-model"),
            ["corpusPaths"] = new JsonArray("corpus"),
        });
        var first = (await session.WaitReadyAsync()).GetProperty("params").GetProperty("papers").GetInt32();
        Assert.True(first > 0);

        File.Copy(samples[1], Path.Combine(root, "corpus", Path.GetFileName(samples[1])));

        var after = await session.Client.WaitForMessageAsync(m => LspTestClient.IsMethod(m, "paperlsp/status")
            && m.GetProperty("params").GetProperty("state").GetString() == "ready"
            && m.GetProperty("params").GetProperty("papers").GetInt32() > first);
        Assert.True(after.GetProperty("params").GetProperty("papers").GetInt32() > first);
    }

    [Fact]
    public async Task Bib_files_changed_on_disk_are_read_again()
    {
        var (body, line, character) = TextPosition.Take("See \\cite{ondisk|}.");
        var root = index.NewWorkspace(FeatureWorkspace.Files(body));
        await using var session = await FeatureSession.StartAsync(root, index.Catalog);
        var uri = await session.OpenAsync("main.tex");

        await File.AppendAllTextAsync(Path.Combine(root, "refs.bib"), "\n@misc{ondisk2025added, title = {Written After Start}, year = {2025}}\n");

        // The server's file watcher picks the change up in its own time: ask until the entry appears (or time runs out).
        using var timeout = new CancellationTokenSource(LspTestClient.Timeout);
        JsonElement? added = null;
        while (added is null && !timeout.IsCancellationRequested)
        {
            var result = await session.ResultAsync("textDocument/completion", FeatureSession.At(uri, line + 2, character));
            added = result.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("label").GetString() == "ondisk2025added").Cast<JsonElement?>().FirstOrDefault();
            if (added is null)
            {
                await Task.Delay(100, CancellationToken.None);
            }
        }

        Assert.True(added is not null, "the entry written to refs.bib after the start never appeared in completion");
        Assert.Contains("Written After Start", added.Value.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_index_or_corpus_it_serves_the_workspace_bib_only()
    {
        var (body, line, character) = TextPosition.Take("See \\cite{|}.");
        var root = index.NewWorkspace(FeatureWorkspace.Files(body));
        var missing = Path.Combine(root, "none", "index.db");
        await using var session = await FeatureSession.StartAsync(root, null, initializationOptions: new JsonObject { ["indexPath"] = missing });

        var status = (await session.WaitReadyAsync()).GetProperty("params");

        Assert.Equal(0, status.GetProperty("papers").GetInt32());
        Assert.False(File.Exists(missing), "no index is created without a corpus");
        var uri = await session.OpenAsync("main.tex");
        var result = await session.ResultAsync("textDocument/completion", FeatureSession.At(uri, line + 2, character));
        var labels = result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("label").GetString()).Order().ToList();
        Assert.Equal(["doe2019other", "smith2020known"], labels);
        Assert.Equal(JsonValueKind.Null, (await session.ResultAsync("textDocument/hover", FeatureSession.At(uri, 2, 3))).ValueKind);
    }
}
