using System.Diagnostics;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Hover;
using PaperLsp.Retrieval;
using PaperLsp.Features.Text;
using PaperLsp.Server.Requests;
using PaperLsp.Storage;

namespace PaperLsp.Server.Services;

/// <summary>
/// Makes a fresh catalog snapshot ready for full-speed requests before the server says "ready": waits for its
/// in-memory full-text index and runs a few dozen completions and hover cards on it.
/// </summary>
internal sealed class CatalogWarmUp
{
    private const int Rounds = 40;

    private readonly ServerServices services;
    private readonly StatusReporter status;

    public CatalogWarmUp(ServerServices services, StatusReporter status)
    {
        this.services = services;
        this.status = status;
    }

    /// <summary>
    /// Waits while the catalog writes its full-text postings file (once per index content; FTS5 answers meanwhile) and
    /// loads the vectors of a large index (lexical answers meanwhile), so that "ready" means full speed.
    /// </summary>
    public async Task AwaitInMemoryIndexAsync(HybridPaperCatalog catalog, CancellationToken cancellationToken)
    {
        if (catalog.InMemoryLexicalBuild.IsCompleted && catalog.VectorLoad.IsCompleted)
        {
            return;
        }

        await status.SendAsync("loading", null, "preparing the full-text postings and the vectors").ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        await catalog.InMemoryLexicalBuild.WaitAsync(cancellationToken).ConfigureAwait(false);
        services.Log.Info(catalog.InMemoryLexicalError is { } error
            ? $"full-text postings file not written ({error}): searching with SQLite FTS5"
            : $"full-text postings of {catalog.Count:N0} papers ready ({clock.Elapsed.TotalSeconds:F1} s)");
        await catalog.VectorLoad.WaitAsync(cancellationToken).ConfigureAwait(false);
        services.Log.Info(catalog.VectorLoadError is { } vectorError
            ? $"vectors not loaded ({vectorError}): ranking papers lexically"
            : $"{catalog.VectorCount:N0} vectors ready ({clock.Elapsed.TotalSeconds:F1} s)");
    }

    /// <summary>The most hover cards of keys cited in open documents built before "ready" (the rest are built in the background).</summary>
    public const int CardsBeforeReady = 100;

    /// <summary>
    /// Runs a few dozen completions and hover cards on papers of the index: the first requests of a session then find
    /// compiled (tiered-up) code, a loaded model and warm caches instead of paying for them. <paramref name="cardsBuilt"/>
    /// real cards (of keys cited in open documents) were built just before on this catalog: that many fewer sample
    /// cards are built.
    /// </summary>
    public void Run(HybridPaperCatalog catalog, PaperStore? store, WorkspaceBibliography bibliography, int cardsBuilt, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        catalog.Warm();
        var samples = store?.KeysWithPrefix("", Rounds) ?? [];
        var completion = new CitationCompletion(catalog, bibliography);
        var cards = new HoverCardBuilder(catalog, bibliography);
        for (var i = 0; i < samples.Count && !cancellationToken.IsCancellationRequested; i++)
        {
            var paper = samples[i];
            var typed = paper.CitationKey[..Math.Min(i % 4, paper.CitationKey.Length)];
            var text = paper.Paper.Title + ". As shown in prior work~\\cite{" + typed;
            completion.Complete(new CompletionRequest(text, text.Length, DocumentLanguage.Latex), cancellationToken);
            if (i >= cardsBuilt)
            {
                cards.BuildMarkdown(paper.CitationKey, includeRelated: true, cancellationToken);
            }
        }

        services.Log.Debug($"warm-up: {samples.Count} completions and {Math.Max(0, samples.Count - cardsBuilt)} sample hover cards in {clock.ElapsedMilliseconds} ms");
        PaperLsp.Embeddings.Runtime.NativeHeap.Trim();
        services.Log.Info(MemoryReport.Describe());
    }
}
