using System.Text.Json.Nodes;
using PaperLsp.Server.Handlers;
using PaperLsp.Server.Requests;
using PaperLsp.Server.Services;

namespace PaperLsp.Server.Tests.Features;

/// <summary>
/// The start-up warm-up runs completion, hover and code action end to end on a synthetic document (answers from the
/// index), leaves the user's workspace as it was, and never holds up its caller.
/// </summary>
public sealed class HandlerWarmUpTests(SampleIndexFixture index) : IClassFixture<SampleIndexFixture>
{
    private readonly TaskCompletionSource<ServerServices> services = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>An initialized in-process server over the sample index, with a probe that hands out its services.</summary>
    private Task<LspTestClient> StartAsync() => LspTestClient.StartInitializedAsync(new LanguageServerOptions
    {
        FeatureServices = s => new FeatureServiceCollection().Add(new PaperService(s, index.Catalog)),
        Handlers = TestOptions.With(r => r.Add(new ServicesProbeHandler("test/probe", services, Task.CompletedTask))).Handlers,
    });

    private async Task<ServerServices> ServicesOf(LspTestClient client)
    {
        await client.RequestAsync("test/probe", null);
        return await services.Task.WaitAsync(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Runs_the_three_requests_through_the_handlers_with_answers_from_the_index_and_leaves_the_workspace_alone()
    {
        await using var client = await StartAsync();
        var server = await ServicesOf(client);

        var summary = HandlerWarmUp.Run(server, CancellationToken.None);

        Assert.Contains("(4 of 4 non-empty answers)", summary, StringComparison.Ordinal); // a key of the index was hovered
        Assert.Empty(server.CurrentWorkspace.Documents); // the synthetic document was never opened
        var text = JsonAssert.Result(await client.RequestAsync("test/documentText", Documents.Uri("file:///paperlsp-warm-up/warm-up.tex")));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, text.ValueKind);
    }

    [Fact]
    public async Task Completes_after_each_first_key_character_so_that_the_first_keystroke_finds_its_keys_loaded()
    {
        await using var client = await StartAsync();
        var server = await ServicesOf(client);

        var summary = HandlerWarmUp.Run(server, CancellationToken.None);
        var reads = index.Catalog.KeyPrefixReads;
        foreach (var c in HandlerWarmUp.KeyCharacters)
        {
            // the lookups a first typed character makes: the typed search's keys and completion's own
            index.Catalog.FindByKeyPrefix(c.ToString(), 50);
            index.Catalog.FindByKeyPrefix(c.ToString(), PaperLsp.Server.Workspace.PaperLspSettings.DefaultCompletionLimit);
        }

        foreach (var (a, b) in HandlerWarmUp.KeyCharacters.Zip(HandlerWarmUp.KeyCharacters.Reverse()))
        {
            index.Catalog.FindByKeyPrefix(string.Concat(a, b), 50); // a second character: the typed search's keys
        }

        Assert.Contains($"completion after each first key character ({HandlerWarmUp.KeyCharacters.Length},", summary, StringComparison.Ordinal);
        Assert.Contains($"typed rankings of {HandlerWarmUp.KeyCharacters.Length * HandlerWarmUp.KeyCharacters.Length} two-letter prefixes", summary, StringComparison.Ordinal);
        Assert.Equal(reads, index.Catalog.KeyPrefixReads); // no key index read: the warm-up read them all
    }

    [Fact]
    public async Task Start_returns_at_once_and_waits_for_the_catalog_on_its_own_thread()
    {
        await using var client = await StartAsync();
        var server = await ServicesOf(client);
        var catalogReady = new TaskCompletionSource();
        using var stop = new CancellationTokenSource();

        var warmUp = HandlerWarmUp.Start(server, () => catalogReady.Task, stop.Token);
        Assert.False(warmUp.IsCompleted); // the caller is not held up while the catalog is not ready

        catalogReady.SetResult();
        Assert.StartsWith("handler warm-up: completion, hover and code action ran end to end", await warmUp.WaitAsync(TimeSpan.FromMinutes(2)), StringComparison.Ordinal);

        var never = HandlerWarmUp.Start(server, () => new TaskCompletionSource().Task, stop.Token);
        stop.Cancel();
        Assert.StartsWith("handler warm-up skipped", await never.WaitAsync(TimeSpan.FromMinutes(1)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_keys_cited_in_an_open_document_get_their_cards_built_ahead_and_a_hover_returns_the_card_a_fresh_build_gives()
    {
        await using var client = await StartAsync();
        var server = await ServicesOf(client);
        var papers = server.GetService<PaperService>()!;
        var key = index.KeyOfTitle(FeatureWorkspace.SgdTitle);
        var other = index.Store.KeysWithPrefix("", 2).Select(p => p.CitationKey).First(k => k != key);
        const string Uri = "file:///paperlsp-tests/cards/main.tex";
        var text = $"Prior work~\\cite{{{key}}} and~\\citep{{{other}}}.\n";

        await client.NotifyAsync("textDocument/didOpen", Documents.OpenParams(Uri, text));
        var wait = System.Diagnostics.Stopwatch.StartNew(); // waits for the background thread; asserts nothing about time
        while (!(papers.HoverCards.Contains(papers.Catalog, papers.Bibliography, key) && papers.HoverCards.Contains(papers.Catalog, papers.Bibliography, other)))
        {
            Assert.True(wait.Elapsed < TimeSpan.FromMinutes(2), "the cards of the cited keys were never built ahead");
            await Task.Delay(20);
        }

        var builtAhead = papers.CardWarmer.Built;
        Assert.True(builtAhead >= 2, $"{builtAhead} cards built ahead");
        var fresh = new PaperLsp.Features.Hover.HoverCardBuilder(papers.Catalog, papers.Bibliography).BuildMarkdown(key);
        var hover = JsonAssert.Result(await client.RequestAsync("textDocument/hover", FeatureSession.At(Uri, 0, "Prior work~\\cite{".Length + 1)));

        Assert.NotNull(fresh);
        Assert.Equal(fresh, hover.GetProperty("contents").GetProperty("value").GetString());

        // A pass over the same document builds nothing more: every card is kept for this catalog and .bib.
        Assert.Equal(0, papers.CardWarmer.RunPass(CancellationToken.None));
    }
}
