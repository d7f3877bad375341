using System.Diagnostics;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Hover;
using PaperLsp.Features.Retrieval;
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
    /// Waits while the catalog copies the full-text postings into memory (large indexes; FTS5 answers meanwhile), so
    /// that "ready" means full speed.
    /// </summary>
    public async Task AwaitInMemoryIndexAsync(HybridPaperCatalog catalog, CancellationToken cancellationToken)
    {
        if (catalog.InMemoryLexicalBuild.IsCompleted)
        {
            return;
        }

        await status.SendAsync("loading", null, "loading the full-text index into memory").ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        await catalog.InMemoryLexicalBuild.WaitAsync(cancellationToken).ConfigureAwait(false);
        services.Log.Info(catalog.InMemoryLexicalError is { } error
            ? $"in-memory full-text index not built ({error}): searching with SQLite FTS5"
            : $"in-memory full-text index of {catalog.Count:N0} papers ready ({clock.Elapsed.TotalSeconds:F1} s)");
    }

    /// <summary>
    /// Runs a few dozen completions and hover cards on papers of the index: the first requests of a session then find
    /// compiled (tiered-up) code, a loaded model and warm caches instead of paying for them.
    /// </summary>
    public void Run(HybridPaperCatalog catalog, PaperStore? store, WorkspaceBibliography bibliography, CancellationToken cancellationToken)
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
            cards.BuildMarkdown(paper.CitationKey, includeRelated: true, cancellationToken);
        }

        services.Log.Debug($"warm-up: {samples.Count} completions and hover cards in {clock.ElapsedMilliseconds} ms");
    }
}
