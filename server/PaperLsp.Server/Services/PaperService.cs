using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Catalog;
using PaperLsp.Features.Editing;
using PaperLsp.Retrieval;
using PaperLsp.Fetching;
using PaperLsp.Server.Requests;
using PaperLsp.Server.Workspace;
using PaperLsp.Storage;

namespace PaperLsp.Server.Services;

/// <summary>
/// The server's papers: the index (<see cref="CatalogHost"/>: store + embedding model → catalog snapshot) and the
/// workspace bibliography (<see cref="BibliographyTracker"/>: .bib files on disk, open .bib documents winning). This
/// class decides what happens when: loading, indexing, embedding, adding papers and the daily sync run as jobs of one
/// <see cref="BackgroundJobQueue"/>; requests read <see cref="Catalog"/>, which is swapped when a job finishes a stage
/// (so requests work lexically, or from the .bib only, while indexing runs). Corpus folders and workspace .bib files
/// are watched (<see cref="PaperFileWatchers"/>) and re-read after changes settle; <see cref="StatusReporter"/> tells
/// the editor how things stand.
/// </summary>
public sealed class PaperService : IDisposable
{
    private readonly ServerServices services;
    private readonly object gate = new();
    private readonly CatalogHost host;
    private readonly StatusReporter status;
    private readonly BackgroundJobQueue jobs;
    private readonly BibliographyTracker bibliography;
    private readonly CorpusIndexing indexing;
    private readonly CatalogWarmUp warmUp;
    private readonly PaperFileWatchers watchers;
    private readonly DailySyncSchedule dailySync;
    private readonly DiagnosticsPublisher diagnostics;
    private readonly HoverCardWarmer cardWarmer;
    private PaperConfiguration? applied;
    private bool started;

    /// <summary>A service for one connection; with <paramref name="fixedCatalog"/> it never opens an index (tests, embedding hosts).</summary>
    public PaperService(ServerServices services, IPaperCatalog? fixedCatalog = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        this.services = services;
        host = new CatalogHost(services.Log, fixedCatalog);
        status = new StatusReporter(services, host);
        jobs = new BackgroundJobQueue(services.Log, message => status.SendAsync("failed", null, message));
        bibliography = new BibliographyTracker(services);
        indexing = new CorpusIndexing(services, status);
        warmUp = new CatalogWarmUp(services, status);
        watchers = new PaperFileWatchers(services.Log);
        dailySync = new DailySyncSchedule(() => services.CurrentWorkspace.Settings.SyncHuggingFaceDaily, RunDailySync);
        diagnostics = new DiagnosticsPublisher(services, this);
        cardWarmer = new HoverCardWarmer(services, this);
        Speculation = new CompletionSpeculation(services.Activity, services.Log);
    }

    /// <summary>Hover cards built for the current catalog and .bib (hovers reuse them; <see cref="WarmHoverCards"/> fills them ahead).</summary>
    public PaperLsp.Features.Hover.HoverCardCache HoverCards { get; } = new();

    /// <summary>Builds the cards of the keys cited in open documents (and <paramref name="preferredKey"/> first) in the background, at the lowest priority.</summary>
    internal void WarmHoverCards(string? preferredKey = null)
    {
        if (preferredKey is null)
        {
            cardWarmer.Request();
        }
        else
        {
            cardWarmer.Prefer(preferredKey);
        }
    }

    /// <summary>The background builder of hover cards (for tests).</summary>
    internal HoverCardWarmer CardWarmer => cardWarmer;

    /// <summary>Speculative completion of the key slot a cite command being typed leads to (fed by didChange).</summary>
    internal CompletionSpeculation Speculation { get; }

    /// <summary>The current catalog snapshot (never null; empty before an index is open).</summary>
    public IPaperCatalog Catalog => host.Catalog;

    /// <summary>The workspace .bib entries.</summary>
    public WorkspaceBibliography Bibliography => bibliography.Bibliography;

    /// <summary>BibTeX entries the editor applied that the server has not seen in a .bib yet.</summary>
    public PendingBibAppends PendingAppends { get; } = new();

    /// <summary>Why the papers are not what the user configured (missing corpus paths, an empty index), or null.</summary>
    public string? Problem => status.Problem;

    /// <summary>"cpu" or "cuda" when an embedding model is loaded, else "none".</summary>
    public string ExecutionProvider => host.ExecutionProvider;

    /// <summary>The open index file, or null.</summary>
    public string? IndexPath => host.IndexPath;

    /// <summary>Where read-only renderings of catalog-only papers are written (papers/ next to the index).</summary>
    public string RenderFolder => host.IndexPath is { } path
        ? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path) ?? ".", "papers")
        : System.IO.Path.Combine(System.IO.Path.GetTempPath(), "paperlsp-" + Environment.UserName, "papers");

    /// <summary>Completes when the background work queued so far has finished.</summary>
    public Task WhenIdle => jobs.WhenIdle;

    /// <summary>The client said initialized: load the index for the current settings.</summary>
    public void Start()
    {
        lock (gate)
        {
            started = true;
        }

        Reconfigure(services.CurrentWorkspace);
        ScheduleDailySync(services.CurrentWorkspace.Settings);
    }

    /// <summary>Told (on the queue) about every workspace change: reloads on settings changes, tracks open .bib documents, schedules diagnostics.</summary>
    public void OnWorkspaceChanged(WorkspaceSnapshot previous, WorkspaceSnapshot next)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        if (!ReferenceEquals(previous.Documents, next.Documents))
        {
            var bibChanged = bibliography.TrackDocuments(previous, next);
            diagnostics.OnDocumentsChanged(previous, next, bibChanged);
        }

        bool isStarted;
        lock (gate)
        {
            isStarted = started;
        }

        if (isStarted && (!Equals(previous.Settings, next.Settings) || previous.WorkspaceFolders != next.WorkspaceFolders))
        {
            Reconfigure(next);
            ScheduleDailySync(next.Settings);
        }
    }

    /// <summary>Re-reads the corpus and the workspace .bib files, embeds what changed, and returns the number of papers.</summary>
    public async Task<int> ReindexAsync(CancellationToken cancellationToken)
    {
        PaperConfiguration? configuration;
        lock (gate)
        {
            configuration = applied;
        }

        if (configuration is null)
        {
            Reconfigure(services.CurrentWorkspace);
        }
        else
        {
            await jobs.Enqueue("re-indexing", token => RefreshAsync(configuration, token), cancellationToken).ConfigureAwait(false);
        }

        await WhenIdle.WaitAsync(cancellationToken).ConfigureAwait(false);
        return Catalog.Count;
    }

    /// <summary>
    /// Fetches the named papers (network: only on the user's request) into the response cache beside the index, then,
    /// on the background queue, indexes them (opening or creating the index when none is open), embeds them and swaps
    /// in a catalog that has them. Returns each paper's key or a one-line reason.
    /// </summary>
    public async Task<IReadOnlyList<AddedPaper>> AddPapersAsync(IReadOnlyList<PaperReference> references, FetchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(options);
        if (host.IsFixed)
        {
            return [.. references.Select(r => new AddedPaper(r.Display, null, null, "this server has a fixed catalog: nothing can be added"))];
        }

        var configuration = applied ?? PaperConfiguration.Of(services.CurrentWorkspace);
        IReadOnlyList<FetchedSource> fetched;
        using (var client = new PoliteHttpClient(options))
        {
            fetched = await new PaperAdder(client, options, ResponseCache.ForIndex(configuration.IndexPath)).FetchAsync(references, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<AddedPaper> added = [];
        await jobs.EnqueueInCurrentRun("adding papers", async token =>
        {
            var store = host.EnsureStore(configuration);
            added = await Task.Run(() => PaperAdder.Index(store, fetched, token), token).ConfigureAwait(false);
            await PublishNewPapersAsync(store, token).ConfigureAwait(false);
            services.Log.Info($"added {added.Count(a => a.Key is not null)} of {added.Count} paper(s)");
            await ReadyAfterChangeAsync().ConfigureAwait(false);
        }).ConfigureAwait(false);
        return added;
    }

    public void Dispose()
    {
        jobs.Cancel();
        lock (gate)
        {
            watchers.Dispose();
            dailySync.Dispose();
        }

        diagnostics.Dispose();
        cardWarmer.Dispose();
        try
        {
            WhenIdle.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // the work was cancelled or failed; it logged already
        }

        host.Dispose();
        jobs.Dispose();
    }

    /// <summary>Publishes diagnostics of every open document again (after the catalog or the bibliography changed).</summary>
    internal void RefreshDiagnostics() => diagnostics.RefreshAll();

    /// <summary>Starts (or stops) the opt-in daily Hugging Face sync.</summary>
    private void ScheduleDailySync(PaperLspSettings settings) =>
        dailySync.Set(settings.SyncHuggingFaceDaily && !host.IsFixed && !jobs.IsCancelled);

    /// <summary>Queues the daily Hugging Face sync of the days since the newest synced one up to <paramref name="today"/>.</summary>
    private void RunDailySync(DateOnly today)
    {
        var workspace = services.CurrentWorkspace;
        var options = FetchSettings.OptionsOf(workspace.Settings);
        _ = jobs.EnqueueInCurrentRun("daily Hugging Face sync", async token =>
        {
            var configuration = applied ?? PaperConfiguration.Of(workspace);
            var store = host.EnsureStore(configuration);
            using var client = new PoliteHttpClient(options);
            var (from, to) = HuggingFaceDailySync.DefaultRange(store, today);
            var report = await new HuggingFaceDailySync(client, options, ResponseCache.ForIndex(store.Path)).RunAsync(store, from, to, null, token).ConfigureAwait(false);
            services.Log.Info($"daily Hugging Face sync {from:yyyy-MM-dd}..{to:yyyy-MM-dd}: {report.Downloaded} downloaded, {report.NotModified} not modified, {report.Failed} failed; papers +{report.PapersAdded} ~{report.PapersUpdated}");
            foreach (var problem in report.Problems)
            {
                services.Log.Warning("daily Hugging Face sync: " + problem);
            }

            if (report.PapersAdded + report.PapersUpdated > 0)
            {
                await PublishNewPapersAsync(store, token).ConfigureAwait(false);
            }

            await ReadyAfterChangeAsync().ConfigureAwait(false);
        });
    }

    /// <summary>After papers were written to the index: a snapshot that has them, then (when a model is loaded) one with their vectors.</summary>
    private async Task PublishNewPapersAsync(PaperStore store, CancellationToken cancellationToken)
    {
        host.Rebuild();
        if (host.Model is { } model && await indexing.EmbedAsync(store, model, Bibliography, host.ExecutionProvider, cancellationToken).ConfigureAwait(false) > 0)
        {
            host.Rebuild();
        }
    }

    /// <summary>Status "ready" and fresh diagnostics after a job changed the papers.</summary>
    private async Task ReadyAfterChangeAsync()
    {
        await status.SendAsync("ready").ConfigureAwait(false);
        diagnostics.RefreshAll();
    }

    private void Reconfigure(WorkspaceSnapshot workspace)
    {
        var configuration = PaperConfiguration.Of(workspace);
        CancellationToken token;
        lock (gate)
        {
            if (configuration.Equals(applied) || jobs.IsCancelled)
            {
                return;
            }

            applied = configuration;
            token = jobs.Restart();
        }

        _ = jobs.Enqueue("loading the paper index", t => LoadAsync(configuration, t), token);
    }

    private async Task LoadAsync(PaperConfiguration configuration, CancellationToken cancellationToken)
    {
        bibliography.Scan(configuration.WorkspaceRoots, cancellationToken);
        if (host.IsFixed)
        {
            WatchFiles(configuration);
            await status.SendReadyAsync(configuration).ConfigureAwait(false);
            diagnostics.RefreshAll();
            return;
        }

        host.Open(configuration);
        StartHandlerWarmUp(cancellationToken);

        // Watch before the first refresh: a file changed while it indexes, or right after it says "ready", is seen
        // (watching afterwards missed rewrites made in between).
        WatchFiles(configuration);
        await RefreshAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Indexes the corpus, embeds what is pending, swaps in a fresh catalog.</summary>
    private async Task RefreshAsync(PaperConfiguration configuration, CancellationToken cancellationToken)
    {
        bibliography.Scan(configuration.WorkspaceRoots, cancellationToken);
        var store = host.Store;
        if (store is null || host.IsFixed)
        {
            await status.SendReadyAsync(configuration).ConfigureAwait(false);
            diagnostics.RefreshAll();
            return;
        }

        // A new catalog snapshot (vectors loaded, postings copied: seconds on a large index) only when something changed.
        if (configuration.CorpusPaths.Length > 0 && await indexing.IndexAsync(store, configuration.CorpusPaths, configuration.KeyPattern, cancellationToken).ConfigureAwait(false))
        {
            host.Rebuild();
        }

        if (host.Model is { } model && await indexing.EmbedAsync(store, model, Bibliography, host.ExecutionProvider, cancellationToken).ConfigureAwait(false) > 0)
        {
            host.Rebuild();
        }

        if (host.Catalog is HybridPaperCatalog hybrid)
        {
            await warmUp.AwaitInMemoryIndexAsync(hybrid, cancellationToken).ConfigureAwait(false);
            await Task.Run(
                () =>
                {
                    // The cards of the keys cited in open documents, on the catalog the session will use: the first
                    // hovers find them built, and the background warmer has none left to build while the writer types
                    // (cards built on the lexical snapshot before the vectors were loaded are not this catalog's).
                    var cards = 0;
                    try
                    {
                        var clock = System.Diagnostics.Stopwatch.StartNew();
                        cards = cardWarmer.RunPass(cancellationToken, CatalogWarmUp.CardsBeforeReady);
                        if (cards > 0)
                        {
                            services.Log.Info($"hover cards of {cards} keys cited in open documents built before ready ({clock.ElapsedMilliseconds} ms)");
                        }
                    }
                    catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
                    {
                        services.Log.Debug($"hover cards not built before ready ({e.GetType().Name}: {e.Message})"); // a hover builds (and reports) its card
                    }

                    warmUp.Run(hybrid, store, Bibliography, cards, cancellationToken);
                },
                cancellationToken).ConfigureAwait(false);
        }

        await status.SendReadyAsync(configuration).ConfigureAwait(false);
        diagnostics.RefreshAll();
    }

    /// <summary>
    /// Once per server, as soon as the index answers (and its vectors are loaded): the first completion, hover and code
    /// action run end to end on a synthetic document, off the request path (the server sets <see cref="WarmUpHandlers"/>).
    /// </summary>
    private void StartHandlerWarmUp(CancellationToken cancellationToken)
    {
        if (host.Catalog is not HybridPaperCatalog hybrid || Interlocked.Exchange(ref handlerWarmUpStarted, 1) != 0)
        {
            return;
        }

        if (WarmUpHandlers is not { } warmUp)
        {
            return;
        }

        _ = warmUp(() => hybrid.VectorLoad, cancellationToken)
            .ContinueWith(t => services.Log.Info(t.Result), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    private int handlerWarmUpStarted;

    /// <summary>
    /// Starts the end-to-end warm-up of the request handlers once the index answers (given the task to wait for first);
    /// completes with a line for the log. Set by the server, which knows the handlers; null: none.
    /// </summary>
    internal Func<Func<Task>, CancellationToken, Task<string>>? WarmUpHandlers { get; init; }

    private void WatchFiles(PaperConfiguration configuration)
    {
        lock (gate)
        {
            if (jobs.IsCancelled || !ReferenceEquals(applied, configuration))
            {
                return;
            }

            watchers.Watch(
                configuration,
                changed =>
                {
                    services.Log.Info($"{changed.Count} corpus file(s) changed: re-indexing");
                    _ = jobs.EnqueueInCurrentRun("re-indexing the corpus", t => RefreshAsync(configuration, t));
                },
                changed => _ = jobs.EnqueueInCurrentRun("reading changed .bib files", _ =>
                {
                    bibliography.ReadChanged(changed);
                    diagnostics.RefreshAll();
                    return Task.CompletedTask;
                }));
        }
    }
}
