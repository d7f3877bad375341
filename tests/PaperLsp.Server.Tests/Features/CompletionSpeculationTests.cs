using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using PaperLsp.Features.Catalog;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Text;
using PaperLsp.Ingestion.Model;
using PaperLsp.TestSupport;
using PaperLsp.Retrieval;
using PaperLsp.Server.Services;

namespace PaperLsp.Server.Tests.Features;

/// <summary>
/// Speculative completion through the in-process server: typing a cite command makes the catalog answer the sentence's
/// query before the completion request comes, an edit that changes the query cancels it, and the completion answers are
/// the same with and without it.
/// </summary>
public sealed class CompletionSpeculationTests(SampleIndexFixture index) : IClassFixture<SampleIndexFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(1);

    /// <summary>The body line the sentence is typed on (after \documentclass and \begin{document}).</summary>
    private const int Line = 2;

    [Fact]
    public async Task Typing_a_cite_command_puts_the_sentence_query_to_the_catalog_before_the_completion_request()
    {
        var catalog = new RecordingCatalog(index.Catalog);
        PaperService? papers = null;
        var root = index.NewWorkspace(FeatureWorkspace.Files(""));
        await using var session = await FeatureSession.StartAsync(root, catalog, created: p => papers = p);
        var uri = await session.OpenAsync("main.tex");
        var typing = new Typing(session, uri);

        await typing.TypeAsync(FeatureWorkspace.Paraphrase + "~\\citep");
        await WaitUntilAsync(() => papers!.Speculation.Finished == 1);

        var query = CitationCompletion.QueryAt(new CompletionRequest(typing.Text + "{}", typing.Text.Length + 1, DocumentLanguage.Latex));
        Assert.NotNull(query);
        Assert.Contains(catalog.Searches, s => s.Context == query && s.Typed == ""); // asked before any completion request
        var searchesBefore = catalog.Searches.Count;

        await typing.InsertAsync("{}", caret: 1);
        var items = await typing.CompleteAsync();

        Assert.NotEmpty(items);
        Assert.Equal(1, papers!.Speculation.Started); // the '{' kept the finished speculation (same sentence)
        Assert.All(catalog.Searches.Skip(searchesBefore), s => Assert.Equal(query, s.Context));
    }

    [Fact]
    public async Task The_speculation_also_asks_for_what_the_first_typed_character_of_a_key_reads()
    {
        var catalog = new RecordingCatalog(index.Catalog);
        PaperService? papers = null;
        var root = index.NewWorkspace(FeatureWorkspace.Files(""));
        await using var session = await FeatureSession.StartAsync(root, catalog, created: p => papers = p);
        var uri = await session.OpenAsync("main.tex");
        var typing = new Typing(session, uri);

        await typing.TypeAsync(FeatureWorkspace.Paraphrase + "~\\citep");
        await WaitUntilAsync(() => papers!.Speculation.Finished == 1);
        await papers!.Speculation.Idle.WaitAsync(Within);
        await typing.InsertAsync("{}", caret: 1);
        await typing.CompleteAsync();
        var before = catalog.Searches.ToList(); // the speculation's, then the '{' request's
        await typing.TypeAsync("s");
        await typing.CompleteAsync();

        // The searches of the sentence without a typed key that the typed character asked for were all asked before it.
        var query = CitationCompletion.QueryAt(new CompletionRequest(typing.Text, typing.Text.Length - 1, DocumentLanguage.Latex));
        var typedAsked = catalog.Searches.Skip(before.Count).Where(s => s.Context == query && s.Typed == "").ToList();
        Assert.NotEmpty(typedAsked);
        Assert.All(typedAsked, s => Assert.Contains(before, b => b == s));
    }

    [Fact]
    public async Task An_edit_that_changes_the_sentence_cancels_the_running_speculation_and_one_that_does_not_keeps_it()
    {
        var catalog = new RecordingCatalog(index.Catalog) { Gate = new SemaphoreSlim(0) };
        PaperService? papers = null;
        var root = index.NewWorkspace(FeatureWorkspace.Files(""));
        await using var session = await FeatureSession.StartAsync(root, catalog, created: p => papers = p);
        var uri = await session.OpenAsync("main.tex");
        var typing = new Typing(session, uri);

        await typing.TypeAsync(FeatureWorkspace.Paraphrase + "~\\ci");
        await WaitUntilAsync(() => !catalog.Blocked.IsEmpty); // running, held in the catalog
        var held = catalog.Blocked.Single();

        await typing.TypeAsync("te"); // same command, same sentence
        await typing.SyncAsync();
        Assert.False(held.IsCancellationRequested);
        Assert.Equal(0, papers!.Speculation.Superseded);

        await typing.TypeAsync("s are"); // "\cites are": no slot ahead any more
        await WaitUntilAsync(() => held.IsCancellationRequested);
        Assert.Equal(1, papers.Speculation.Superseded);
        catalog.Gate.Release(100);
        await papers.Speculation.Idle.WaitAsync(Within);
        Assert.Equal(0, papers.Speculation.Finished);
        Assert.Equal(1, papers.Speculation.Started);
    }

    [Fact]
    public async Task Completion_answers_are_the_same_with_and_without_speculation()
    {
        // Two catalogs over the same index, so that neither session answers from caches the other filled.
        var answers = new List<List<string>>();
        foreach (var speculate in new[] { false, true })
        {
            using var catalog = new HybridPaperCatalog(index.Store, index.Model);
            PaperService? papers = null;
            var root = index.NewWorkspace(FeatureWorkspace.Files("Some earlier text about sorting networks.\n"));
            await using var session = await FeatureSession.StartAsync(root, catalog, created: p =>
            {
                papers = p;
                p.Speculation.Enabled = speculate;
            });
            var uri = await session.OpenAsync("main.tex");
            var typing = new Typing(session, uri, line: Line + 1);
            var answer = new List<string>();
            foreach (var sentence in new[] { FeatureWorkspace.Paraphrase, "Graph coloring heuristics assign colors to vertices" })
            {
                await typing.TypeAsync(sentence + "~\\citep");
                await typing.SyncAsync();
                await papers!.Speculation.Idle.WaitAsync(Within);
                await typing.InsertAsync("{}", caret: 1);
                answer.AddRange(await typing.CompleteAsync());
                foreach (var c in "sm")
                {
                    await typing.TypeAsync(c.ToString());
                    answer.AddRange(await typing.CompleteAsync());
                }

                typing.SkipClosing();
                await typing.TypeAsync(". ");
            }

            Assert.Equal(speculate ? 2 : 0, papers!.Speculation.Finished);
            answers.Add(answer);
        }

        Assert.True(answers[0].Count > 20, string.Join('\n', answers[0]));
        Assert.Equal(answers[0], answers[1]);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Within;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not come true");
            await Task.Delay(10);
        }
    }

    /// <summary>Types into one line of an open document, one incremental change per call, and asks for completions at the cursor.</summary>
    private sealed class Typing(FeatureSession session, string uri, int line = Line)
    {
        private int version = 1;

        /// <summary>What was typed on the line so far (the line was empty before, or is typed at its end).</summary>
        public string Text { get; private set; } = "";

        private int Column => Text.Length - insertedAfter;

        private int insertedAfter;

        public async Task TypeAsync(string text)
        {
            foreach (var c in text)
            {
                await InsertAsync(c.ToString(), caret: 1);
            }
        }

        /// <summary>Inserts at the cursor; the cursor then stands <paramref name="caret"/> characters into the insertion.</summary>
        public async Task InsertAsync(string text, int caret)
        {
            var at = Column;
            await session.Client.NotifyAsync("textDocument/didChange", Documents.ChangeParams(uri, ++version, Documents.Incremental(line, at, line, at, text)));
            Text = Text[..at] + text + Text[at..];
            insertedAfter += text.Length - caret;
        }

        /// <summary>Moves the cursor past the closing brace the editor added (typing over it changes nothing).</summary>
        public void SkipClosing() => insertedAfter--;

        /// <summary>Returns once the server has taken every change sent so far (a request's answer comes after them).</summary>
        public Task SyncAsync() => session.ResultAsync("textDocument/hover", FeatureSession.At(uri, line, 0));

        public async Task<List<string>> CompleteAsync()
        {
            var result = await session.ResultAsync("textDocument/completion", FeatureSession.At(uri, line, Column));
            return [.. result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("label").GetString() + " " + i.GetProperty("sortText").GetString() + " " + i.GetProperty("detail").GetString() + " " + i.GetProperty("data").GetRawText())];
        }
    }

    /// <summary>Records the searches asked of a catalog (and can hold them until released), answering from another.</summary>
    private sealed class RecordingCatalog(IPaperCatalog inner) : ForwardingPaperCatalog(inner)
    {
        public ConcurrentQueue<PaperQuery> SearchQueue { get; } = new();

        public IReadOnlyCollection<PaperQuery> Searches => SearchQueue;

        public SemaphoreSlim? Gate { get; init; }

        /// <summary>The tokens of searches held by <see cref="Gate"/>.</summary>
        public ConcurrentBag<CancellationToken> Blocked { get; } = [];

        public override IReadOnlyList<ScoredPaper> Search(PaperQuery query, CancellationToken cancellationToken)
        {
            SearchQueue.Enqueue(query);
            if (Gate is { } gate)
            {
                Blocked.Add(cancellationToken);
                gate.Wait(cancellationToken);
            }

            return base.Search(query, cancellationToken);
        }
    }
}
