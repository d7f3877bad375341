using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using PaperLsp.Embeddings;
using PaperLsp.Embeddings.Models;
using PaperLsp.Embeddings.Runtime;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Catalog;
using PaperLsp.Features.Retrieval;
using PaperLsp.Fetching;
using PaperLsp.Server.Client;
using PaperLsp.Server.Requests;
using PaperLsp.Server.Protocol;
using PaperLsp.Server.Workspace;
using PaperLsp.Storage;

namespace PaperLsp.Server.Services;

/// <summary>
/// The server's papers: the index (SQLite store + embedding model → <see cref="HybridPaperCatalog"/>) and the
/// workspace bibliography (.bib files on disk, open .bib documents winning). All loading, indexing and embedding
/// runs in the background, one job at a time; requests read <see cref="Catalog"/>, an immutable snapshot that is
/// swapped when a job finishes a stage (so requests work lexically, or from the .bib only, while indexing runs).
/// Corpus folders and workspace .bib files are watched and re-read after changes settle.
/// </summary>
public sealed class PaperService : IDisposable
{
    private static readonly TimeSpan StatusInterval = TimeSpan.FromMilliseconds(250);

    private readonly ServerServices services;
    private readonly IPaperCatalog? fixedCatalog;
    private readonly object gate = new();
    private readonly CancellationTokenSource disposing = new();
    private readonly DiagnosticsPublisher diagnostics;
    private Task work = Task.CompletedTask;
    private CancellationTokenSource? runCancellation;
    private volatile IPaperCatalog catalog;
    private volatile string executionProvider = "none";
    private volatile string? indexPath;
    private volatile string? problem;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> encodingWarned = new(StringComparer.Ordinal);
    private EffectiveConfiguration? applied;
    private bool started;
    private PaperStore? store;
    private OnnxTextEmbedder? model;
    private string? modelKey;
    private DebouncedFileWatcher? corpusWatcher;
    private DebouncedFileWatcher? bibWatcher;
    private Timer? dailySyncTimer;
    private DateOnly? dailySyncedOn;
    private ImmutableHashSet<string> openBibPaths = ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal);

    /// <summary>A service for one connection; with <paramref name="fixedCatalog"/> it never opens an index (tests, embedding hosts).</summary>
    public PaperService(ServerServices services, IPaperCatalog? fixedCatalog = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        this.services = services;
        this.fixedCatalog = fixedCatalog;
        catalog = fixedCatalog ?? EmptyPaperCatalog.Instance;
        diagnostics = new DiagnosticsPublisher(services, this);
    }

    /// <summary>The current catalog snapshot (never null; empty before an index is open).</summary>
    public IPaperCatalog Catalog => catalog;

    /// <summary>The workspace .bib entries.</summary>
    public WorkspaceBibliography Bibliography { get; } = new();

    /// <summary>BibTeX entries the editor applied that the server has not seen in a .bib yet.</summary>
    public PaperLsp.Features.Editing.PendingBibAppends PendingAppends { get; } = new();

    /// <summary>Why the papers are not what the user configured (missing corpus paths, an empty index), or null.</summary>
    public string? Problem => problem;

    /// <summary>"cpu" or "cuda" when an embedding model is loaded, else "none".</summary>
    public string ExecutionProvider => executionProvider;

    /// <summary>The open index file, or null.</summary>
    public string? IndexPath => indexPath;

    /// <summary>Where read-only renderings of catalog-only papers are written (papers/ next to the index).</summary>
    public string RenderFolder => indexPath is { } path
        ? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path) ?? ".", "papers")
        : System.IO.Path.Combine(System.IO.Path.GetTempPath(), "paperlsp-" + Environment.UserName, "papers");

    /// <summary>Completes when the background work queued so far has finished.</summary>
    public Task WhenIdle
    {
        get
        {
            lock (gate)
            {
                return work;
            }
        }
    }

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
            var bibChanged = TrackBibDocuments(previous, next);
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
        EffectiveConfiguration? configuration;
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
            await Enqueue("re-indexing", token => RefreshAsync(configuration, token), cancellationToken).ConfigureAwait(false);
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
        if (fixedCatalog is not null)
        {
            return [.. references.Select(r => new AddedPaper(r.Display, null, null, "this server has a fixed catalog: nothing can be added"))];
        }

        var configuration = applied ?? EffectiveConfiguration.From(services.CurrentWorkspace.Settings, services.CurrentWorkspace.WorkspaceFolders);
        IReadOnlyList<FetchedSource> fetched;
        using (var client = new PoliteHttpClient(options))
        {
            fetched = await new PaperAdder(client, options, ResponseCache.ForIndex(configuration.IndexPath)).FetchAsync(references, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<AddedPaper> added = [];
        await Enqueue("adding papers", async token =>
        {
            var currentStore = EnsureStore(configuration);
            added = await Task.Run(() => PaperAdder.Index(currentStore, fetched, token), token).ConfigureAwait(false);
            SwapCatalog();
            if (model is { } currentModel && await EmbedAsync(currentStore, currentModel, token).ConfigureAwait(false) > 0)
            {
                SwapCatalog();
            }

            services.Log.Info($"added {added.Count(a => a.Key is not null)} of {added.Count} paper(s)");
            await SendStatusAsync("ready", null, null).ConfigureAwait(false);
            diagnostics.RefreshAll();
        }, CurrentRunToken()).ConfigureAwait(false);
        return added;
    }

    /// <summary>The open index, or the one of the settings opened (created) now: adding papers needs no corpus.</summary>
    private PaperStore EnsureStore(EffectiveConfiguration configuration)
    {
        if (store is null)
        {
            store = PaperStore.Open(configuration.IndexPath, notice: services.Log.Info);
            indexPath = store.Path;
            services.Log.Info($"paper index: {store.Path}");
            OpenModel(configuration);
        }

        return store;
    }

    /// <summary>Starts (or stops) the opt-in daily Hugging Face sync: checked hourly, run when the date has changed.</summary>
    private void ScheduleDailySync(PaperLspSettings settings)
    {
        lock (gate)
        {
            if (!settings.SyncHuggingFaceDaily || fixedCatalog is not null || disposing.IsCancellationRequested)
            {
                dailySyncTimer?.Dispose();
                dailySyncTimer = null;
                return;
            }

            dailySyncTimer ??= new Timer(_ => RunDailySyncIfDue(), null, TimeSpan.Zero, TimeSpan.FromHours(1));
        }
    }

    private void RunDailySyncIfDue()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var workspace = services.CurrentWorkspace;
        lock (gate)
        {
            if (dailySyncTimer is null || dailySyncedOn == today || !workspace.Settings.SyncHuggingFaceDaily)
            {
                return;
            }

            dailySyncedOn = today;
        }

        var options = FetchSettings.OptionsOf(workspace.Settings);
        _ = Enqueue("daily Hugging Face sync", async token =>
        {
            var configuration = applied ?? EffectiveConfiguration.From(workspace.Settings, workspace.WorkspaceFolders);
            var currentStore = EnsureStore(configuration);
            using var client = new PoliteHttpClient(options);
            var (from, to) = HuggingFaceDailySync.DefaultRange(currentStore, today);
            var report = await new HuggingFaceDailySync(client, options, ResponseCache.ForIndex(currentStore.Path)).RunAsync(currentStore, from, to, null, token).ConfigureAwait(false);
            services.Log.Info($"daily Hugging Face sync {from:yyyy-MM-dd}..{to:yyyy-MM-dd}: {report.Downloaded} downloaded, {report.NotModified} not modified, {report.Failed} failed; papers +{report.PapersAdded} ~{report.PapersUpdated}");
            foreach (var problem in report.Problems)
            {
                services.Log.Warning("daily Hugging Face sync: " + problem);
            }

            if (report.PapersAdded + report.PapersUpdated > 0)
            {
                SwapCatalog();
                if (model is { } currentModel && await EmbedAsync(currentStore, currentModel, token).ConfigureAwait(false) > 0)
                {
                    SwapCatalog();
                }
            }

            await SendStatusAsync("ready", null, null).ConfigureAwait(false);
            diagnostics.RefreshAll();
        }, CurrentRunToken());
    }

    public void Dispose()
    {
        disposing.Cancel();
        lock (gate)
        {
            corpusWatcher?.Dispose();
            bibWatcher?.Dispose();
            dailySyncTimer?.Dispose();
            dailySyncTimer = null;
            corpusWatcher = null;
            bibWatcher = null;
        }

        diagnostics.Dispose();
        try
        {
            WhenIdle.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // the work was cancelled or failed; it logged already
        }

        ReplaceCatalog(EmptyPaperCatalog.Instance);
        model?.Dispose();
        store?.Dispose();
        disposing.Dispose();
    }

    /// <summary>Publishes diagnostics of every open document again (after the catalog or the bibliography changed).</summary>
    internal void RefreshDiagnostics() => diagnostics.RefreshAll();

    private void Reconfigure(WorkspaceSnapshot workspace)
    {
        var configuration = EffectiveConfiguration.From(workspace.Settings, workspace.WorkspaceFolders);
        CancellationToken token;
        lock (gate)
        {
            if (configuration.Equals(applied) || disposing.IsCancellationRequested)
            {
                return;
            }

            applied = configuration;
            runCancellation?.Cancel();
            runCancellation = CancellationTokenSource.CreateLinkedTokenSource(disposing.Token);
            token = runCancellation.Token;
        }

        _ = Enqueue("loading the paper index", t => LoadAsync(configuration, t), token);
    }

    private Task Enqueue(string name, Func<CancellationToken, Task> job, CancellationToken token)
    {
        lock (gate)
        {
            var previous = work;
            var next = Task.Run(async () =>
            {
                await previous.ConfigureAwait(false);
                if (token.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    await job(token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    services.Log.Debug($"{name}: cancelled");
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    services.Log.Error($"{name} failed: {e.Message}");
                    await SendStatusAsync("failed", null, e.Message).ConfigureAwait(false);
                }
            }, CancellationToken.None);
            work = next;
            return next;
        }
    }

    private async Task LoadAsync(EffectiveConfiguration configuration, CancellationToken cancellationToken)
    {
        ScanBibliography(configuration, cancellationToken);
        if (fixedCatalog is not null)
        {
            WatchFiles(configuration);
            await SendReadyAsync(configuration).ConfigureAwait(false);
            diagnostics.RefreshAll();
            return;
        }

        OpenStore(configuration);
        OpenModel(configuration);
        SwapCatalog();
        await RefreshAsync(configuration, cancellationToken).ConfigureAwait(false);
        WatchFiles(configuration);
    }

    /// <summary>Indexes the corpus, embeds what is pending, swaps in a fresh catalog.</summary>
    private async Task RefreshAsync(EffectiveConfiguration configuration, CancellationToken cancellationToken)
    {
        ScanBibliography(configuration, cancellationToken);
        var currentStore = store;
        if (currentStore is null || fixedCatalog is not null)
        {
            await SendReadyAsync(configuration).ConfigureAwait(false);
            diagnostics.RefreshAll();
            return;
        }

        // A new catalog snapshot (vectors loaded, postings copied: seconds on a large index) only when something changed.
        if (configuration.CorpusPaths.Length > 0 && await IndexCorpusAsync(currentStore, configuration, cancellationToken).ConfigureAwait(false))
        {
            SwapCatalog();
        }

        if (model is { } currentModel && await EmbedAsync(currentStore, currentModel, cancellationToken).ConfigureAwait(false) > 0)
        {
            SwapCatalog();
        }

        await AwaitInMemoryIndexAsync(cancellationToken).ConfigureAwait(false);
        if (catalog is HybridPaperCatalog hybrid)
        {
            await Task.Run(() => WarmUp(hybrid, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        await SendReadyAsync(configuration).ConfigureAwait(false);
        diagnostics.RefreshAll();
    }

    /// <summary>
    /// "ready", or "warning" with a message (also shown once through window/showMessage) when corpus paths are missing
    /// or unreadable, or the index is empty although corpus paths are set.
    /// </summary>
    private async Task SendReadyAsync(EffectiveConfiguration configuration)
    {
        var problems = new List<string>();
        foreach (var path in configuration.CorpusPaths)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                problems.Add($"corpus path {path} does not exist");
            }
            else if (!CanRead(path))
            {
                problems.Add($"corpus path {path} cannot be read");
            }
        }

        if (fixedCatalog is null && Catalog.Count == 0 && (configuration.CorpusPaths.Length > 0 || store is not null))
        {
            problems.Add(configuration.CorpusPaths.Length > 0
                ? "the paper index is empty: no papers were found in paperlsp.corpusPaths"
                : "the paper index is empty: set paperlsp.corpusPaths to the files or folders with your papers");
        }

        var message = problems.Count == 0 ? null : "PaperLsp: " + string.Join("; ", problems);
        var previous = problem;
        problem = message;
        if (message is null)
        {
            await SendStatusAsync("ready", null, null).ConfigureAwait(false);
            return;
        }

        services.Log.Warning(message);
        if (!string.Equals(previous, message, StringComparison.Ordinal))
        {
            await services.Client.ShowMessageAsync(MessageType.Warning, message).ConfigureAwait(false);
        }

        await SendStatusAsync("warning", null, message).ConfigureAwait(false);
    }

    private static bool CanRead(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                using var entries = Directory.EnumerateFileSystemEntries(path).GetEnumerator();
                _ = entries.MoveNext();
            }
            else
            {
                using var _ = File.OpenRead(path);
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private void OpenStore(EffectiveConfiguration configuration)
    {
        if (store is not null && string.Equals(indexPath, configuration.IndexPath, StringComparison.Ordinal))
        {
            return;
        }

        var previous = store;
        store = null;
        indexPath = null;
        ReplaceCatalog(EmptyPaperCatalog.Instance);
        previous?.Dispose();
        if (!File.Exists(configuration.IndexPath) && configuration.CorpusPaths.Length == 0)
        {
            services.Log.Info($"no paper index at {configuration.IndexPath} and no paperlsp.corpusPaths: citations come from the workspace .bib only");
            return;
        }

        store = PaperStore.Open(configuration.IndexPath, notice: services.Log.Info);
        indexPath = store.Path;
        if (store.RecoveryNote is { } note)
        {
            services.Log.Warning(note);
        }

        services.Log.Info($"paper index: {store.Path}");
    }

    private void OpenModel(EffectiveConfiguration configuration)
    {
        if (store is null)
        {
            return;
        }

        var location = ModelLocator.Resolve(configuration.ModelPath);
        var key = location is null ? "" : location.ModelPath + "|" + configuration.Device;
        if (string.Equals(key, modelKey, StringComparison.Ordinal))
        {
            return;
        }

        var previous = model;
        model = null;
        modelKey = key;
        executionProvider = "none";
        previous?.Dispose();
        if (location is null)
        {
            services.Log.Info($"embedding model '{configuration.ModelPath ?? ModelLocator.DefaultModelName}' not found (looked in: {string.Join(", ", ModelLocator.Candidates(configuration.ModelPath).Distinct())}): ranking papers lexically");
            return;
        }

        try
        {
            var clock = Stopwatch.StartNew();
            model = OnnxTextEmbedder.Open(location, new EmbedderOptions
            {
                Provider = ExecutionProviderSelector.Parse(configuration.Device),
                Log = line => services.Log.Info(line),
            });
            executionProvider = model.ActiveProvider.ToLowerInvariant();
            services.Log.Info($"embedding model {model.Info.Name} on {executionProvider} ({clock.ElapsedMilliseconds} ms to load)");
        }
        catch (Exception e) when (e is ModelFormatException or ExecutionProviderUnavailableException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            services.Log.Warning($"embedding model {location.ModelPath} could not be loaded ({e.Message}): ranking papers lexically");
        }
    }

    /// <summary>
    /// Waits while the catalog copies the full-text postings into memory (large indexes; FTS5 answers meanwhile), so
    /// that "ready" means full speed.
    /// </summary>
    private async Task AwaitInMemoryIndexAsync(CancellationToken cancellationToken)
    {
        if (catalog is not HybridPaperCatalog hybrid || hybrid.InMemoryLexicalBuild.IsCompleted)
        {
            return;
        }

        await SendStatusAsync("loading", null, "loading the full-text index into memory").ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        await hybrid.InMemoryLexicalBuild.WaitAsync(cancellationToken).ConfigureAwait(false);
        services.Log.Info(hybrid.InMemoryLexicalError is { } error
            ? $"in-memory full-text index not built ({error}): searching with SQLite FTS5"
            : $"in-memory full-text index of {hybrid.Count:N0} papers ready ({clock.Elapsed.TotalSeconds:F1} s)");
    }

    /// <summary>
    /// Runs a few dozen completions and hover cards on papers of the index before "ready": the first requests of a
    /// session then find compiled (tiered-up) code, a loaded model and warm caches instead of paying for them.
    /// </summary>
    private void WarmUp(HybridPaperCatalog hybrid, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        hybrid.Warm();
        var samples = store?.KeysWithPrefix("", WarmUpRounds) ?? [];
        var completion = new PaperLsp.Features.Completion.CitationCompletion(hybrid, Bibliography);
        var cards = new PaperLsp.Features.Hover.HoverCardBuilder(hybrid, Bibliography);
        for (var i = 0; i < samples.Count && !cancellationToken.IsCancellationRequested; i++)
        {
            var paper = samples[i];
            var typed = paper.CitationKey[..Math.Min(i % 4, paper.CitationKey.Length)];
            var text = paper.Paper.Title + ". As shown in prior work~\\cite{" + typed;
            completion.Complete(new PaperLsp.Features.Completion.CompletionRequest(text, text.Length, PaperLsp.Features.Text.DocumentLanguage.Latex), cancellationToken);
            cards.BuildMarkdown(paper.CitationKey, includeRelated: true, cancellationToken);
        }

        services.Log.Debug($"warm-up: {samples.Count} completions and hover cards in {clock.ElapsedMilliseconds} ms");
    }

    private const int WarmUpRounds = 40;

    private void SwapCatalog()
    {
        if (store is not null)
        {
            ReplaceCatalog(new HybridPaperCatalog(store, model, lexical: LexicalIndexing.Background));
        }
    }

    /// <summary>Publishes a new catalog snapshot and releases the previous one (requests still holding it keep working).</summary>
    private void ReplaceCatalog(IPaperCatalog next)
    {
        var previous = catalog;
        catalog = next;
        if (!ReferenceEquals(previous, fixedCatalog) && !ReferenceEquals(previous, next))
        {
            (previous as IDisposable)?.Dispose();
        }
    }

    /// <summary>Indexes the corpus folders; true when papers were added, updated or removed.</summary>
    private async Task<bool> IndexCorpusAsync(PaperStore currentStore, EffectiveConfiguration configuration, CancellationToken cancellationToken)
    {
        await using var progress = await services.Client.BeginProgressAsync("PaperLsp: indexing papers", null, 0, cancellationToken).ConfigureAwait(false);
        await SendStatusAsync("indexing", new IndexingStatus(0, 0, "starting"), null).ConfigureAwait(false);
        var lastReport = Stopwatch.StartNew();
        var report = await Task.Run(
            () => new PaperIndexer(currentStore) { KeyPattern = configuration.KeyPattern }.Index(configuration.CorpusPaths, p =>
            {
                if (lastReport.Elapsed < StatusInterval)
                {
                    return;
                }

                lastReport.Restart();
                var message = p.CurrentPath is null
                    ? $"{p.RecordsRead:N0} records"
                    : $"{System.IO.Path.GetFileName(p.CurrentPath)} ({p.RecordsRead:N0} records)";
                var percentage = p.SourcesTotal > 0 ? p.SourcesDone * 100 / p.SourcesTotal : 0;
                _ = progress.ReportAsync(message, percentage);
                _ = SendStatusAsync("indexing", new IndexingStatus(p.SourcesDone, p.SourcesTotal, message), null);
            }, cancellationToken),
            cancellationToken).ConfigureAwait(false);
        var summary = string.Create(CultureInfo.InvariantCulture, $"{report.PaperCount:N0} papers ({report.PapersAdded} added, {report.PapersUpdated} updated, {report.PapersRemoved} removed, {report.SourcesUnchanged} sources unchanged) in {report.Elapsed.TotalSeconds:F1} s");
        services.Log.Info("indexed " + summary);
        foreach (var problem in report.Problems.Take(5))
        {
            services.Log.Warning($"{problem.Path}:{problem.Line}: {problem.Message}");
        }

        if (report.ProblemCount > 5)
        {
            services.Log.Warning($"{report.ProblemCount - 5} more indexing problems (run 'paperlsp index' to see them all)");
        }

        await progress.EndAsync(summary).ConfigureAwait(false);
        return report.PapersAdded + report.PapersUpdated + report.PapersRemoved > 0;
    }

    /// <summary>
    /// Embeds the papers without a current vector, the workspace .bib's papers first; returns how many were embedded.
    /// Runs on its own thread at the lowest CPU priority with its own model session (whose worker threads inherit that
    /// priority), so that editor requests, which embed their queries with <paramref name="currentModel"/>, always come first.
    /// </summary>
    private async Task<int> EmbedAsync(PaperStore currentStore, IEmbeddingModel currentModel, CancellationToken cancellationToken)
    {
        WorkDoneProgress? progress = null;
        var lastReport = Stopwatch.StartNew();
        var bibIdentities = Bibliography.Entries.SelectMany(e => PaperLsp.Ingestion.Identity.PaperIdentity.Keys(e.Paper)).ToList();
        int Work()
        {
            if (!currentStore.PendingEmbeddings(currentModel.Info.Id).Any())
            {
                return 0;
            }

            services.Log.Debug(BackgroundPriority.LowerCurrentThread());
            using var own = currentModel is OnnxTextEmbedder onnx ? OnnxTextEmbedder.Open(onnx.Location, onnx.Options with { Log = null }) : null;
            var indexer = new EmbeddingIndexer(currentStore, (IEmbeddingModel?)own ?? currentModel) { PriorityIds = currentStore.IdsWithIdentities(bibIdentities) };
            return indexer.Run(
                (done, total) =>
                {
                    if (total == 0 || (done != 0 && done != total && lastReport.Elapsed < StatusInterval))
                    {
                        return;
                    }

                    lastReport.Restart();
                    progress ??= services.Client.BeginProgressAsync("PaperLsp: embedding papers", null, 0, cancellationToken).GetAwaiter().GetResult();
                    var message = string.Create(CultureInfo.InvariantCulture, $"{done:N0}/{total:N0} papers");
                    _ = progress.ReportAsync(message, done * 100 / total);
                    _ = SendStatusAsync("embedding", new IndexingStatus(done, total, message), null);
                },
                cancellationToken);
        }

        try
        {
            var embedded = await OnBackgroundThread(Work, cancellationToken).ConfigureAwait(false);
            if (embedded > 0)
            {
                services.Log.Info($"embedded {embedded:N0} papers on {executionProvider}");
            }

            return embedded;
        }
        finally
        {
            if (progress is not null)
            {
                await progress.EndAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> on a new background thread (its priority can be lowered without touching the thread pool).</summary>
    private static Task<T> OnBackgroundThread<T>(Func<T> work, CancellationToken cancellationToken)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                result.SetResult(work());
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                result.SetCanceled(cancellationToken);
            }
            catch (Exception e)
            {
                result.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "paperlsp-embedding",
        };
        thread.Start();
        return result.Task;
    }

    private void ScanBibliography(EffectiveConfiguration configuration, CancellationToken cancellationToken)
    {
        var (files, note) = BibliographyScanner.Find(configuration.WorkspaceRoots, cancellationToken);
        if (note is not null)
        {
            services.Log.Info(note);
        }

        var open = openBibPaths;
        foreach (var path in Bibliography.Paths.Where(p => !open.Contains(p) && !files.Contains(p, StringComparer.Ordinal)).ToList())
        {
            Bibliography.Remove(path);
        }

        foreach (var path in files.Where(p => !open.Contains(p)))
        {
            LoadBibFromDisk(path);
        }
    }

    private void LoadBibFromDisk(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                var decoded = PaperLsp.Ingestion.Text.TextDecoding.Decode(File.ReadAllBytes(path), path);
                if (decoded.Warning is { } warning && encodingWarned.TryAdd(path, true))
                {
                    services.Log.Warning(warning);
                    _ = services.Client.ShowMessageAsync(MessageType.Warning, "PaperLsp: " + warning);
                }

                Bibliography.Update(path, decoded.Text);
            }
            else
            {
                Bibliography.Remove(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            services.Log.Warning($"cannot read {path}: {e.Message}");
        }
    }

    /// <summary>Open .bib documents replace their file's entries; closing one goes back to the file on disk.</summary>
    private bool TrackBibDocuments(WorkspaceSnapshot previous, WorkspaceSnapshot next)
    {
        var changed = false;
        foreach (var (uri, document) in next.Documents)
        {
            if (!DocumentPaths.IsBibliography(document) || (previous.Documents.TryGetValue(uri, out var before) && ReferenceEquals(before, document)))
            {
                continue;
            }

            var path = DocumentPaths.PathOrUri(uri);
            Bibliography.Update(path, document.Text);
            openBibPaths = openBibPaths.Add(path);
            changed = true;
        }

        foreach (var (uri, document) in previous.Documents)
        {
            if (!DocumentPaths.IsBibliography(document) || next.Documents.ContainsKey(uri))
            {
                continue;
            }

            var path = DocumentPaths.PathOrUri(uri);
            openBibPaths = openBibPaths.Remove(path);
            if (DocumentPaths.ToPath(uri) is { } local && File.Exists(local))
            {
                LoadBibFromDisk(local);
            }
            else
            {
                Bibliography.Remove(path);
            }

            changed = true;
        }

        return changed;
    }

    private void WatchFiles(EffectiveConfiguration configuration)
    {
        var corpusRoots = configuration.CorpusPaths.Where(Directory.Exists).ToList();
        var corpusFiles = configuration.CorpusPaths.Where(p => !Directory.Exists(p)).ToHashSet(StringComparer.Ordinal);
        var corpusFileFolders = corpusFiles.Select(System.IO.Path.GetDirectoryName).Where(p => !string.IsNullOrEmpty(p)).Select(p => p!).ToList();
        lock (gate)
        {
            if (disposing.IsCancellationRequested || !ReferenceEquals(applied, configuration))
            {
                return;
            }

            corpusWatcher?.Dispose();
            bibWatcher?.Dispose();
            corpusWatcher = new DebouncedFileWatcher(
                corpusRoots,
                "*",
                path => corpusFiles.Contains(path) || corpusRoots.Any(root => path.StartsWith(root, StringComparison.Ordinal)),
                changed =>
                {
                    services.Log.Info($"{changed.Count} corpus file(s) changed: re-indexing");
                    _ = Enqueue("re-indexing the corpus", t => RefreshAsync(configuration, t), CurrentRunToken());
                },
                problem => services.Log.Warning(problem),
                corpusFileFolders)
            { Delay = TimeSpan.FromSeconds(1) };
            bibWatcher = new DebouncedFileWatcher(
                configuration.WorkspaceRoots,
                "*.bib",
                path => path.EndsWith(".bib", StringComparison.OrdinalIgnoreCase),
                changed => _ = Enqueue("reading changed .bib files", _ =>
                {
                    foreach (var path in changed.Where(p => !openBibPaths.Contains(p)))
                    {
                        LoadBibFromDisk(path);
                    }

                    diagnostics.RefreshAll();
                    return Task.CompletedTask;
                }, CurrentRunToken()),
                problem => services.Log.Warning(problem));
        }
    }

    private CancellationToken CurrentRunToken()
    {
        lock (gate)
        {
            return runCancellation?.Token ?? disposing.Token;
        }
    }

    private Task SendStatusAsync(string state, IndexingStatus? indexing, string? message) =>
        services.Client.NotifyAsync("paperlsp/status", new PaperStatusParams(Catalog.Count, executionProvider, state, indexing, message));

    /// <summary>The settings that decide what is loaded, with paths resolved (equal configurations need no reload).</summary>
    private sealed record EffectiveConfiguration(string IndexPath, string? ModelPath, string Device, ImmutableArray<string> CorpusPaths, ImmutableArray<string> WorkspaceRoots)
    {
        /// <summary>The citationKeyPattern setting (validated when read); null: the index's remembered pattern.</summary>
        public Ingestion.Identity.CitationKeyPattern? KeyPattern { get; init; }

        public static EffectiveConfiguration From(PaperLspSettings settings, ImmutableArray<WorkspaceFolder> folders)
        {
            var roots = folders.Select(f => DocumentPaths.ToPath(f.Uri)).Where(p => p is not null).Select(p => p!).Distinct(StringComparer.Ordinal).ToImmutableArray();
            var baseFolder = roots.Length > 0 ? roots[0] : Environment.CurrentDirectory;
            string Resolve(string path)
            {
                var expanded = path.StartsWith("~/", StringComparison.Ordinal)
                    ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
                    : path;
                return System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(expanded) ? expanded : System.IO.Path.Combine(baseFolder, expanded));
            }

            return new EffectiveConfiguration(
                settings.IndexPath is { } index ? Resolve(index) : IndexLocation.DefaultPath(),
                settings.ModelPath is { } model ? (BuiltinModels.Find(model) is not null ? model : Resolve(model)) : null,
                settings.Device,
                [.. settings.CorpusPaths.Select(Resolve).Distinct(StringComparer.Ordinal)],
                roots)
            {
                KeyPattern = settings.CitationKeyPattern is { } text && Ingestion.Identity.CitationKeyPattern.TryParse(text, out var pattern, out _) ? pattern : null,
            };
        }

        public bool Equals(EffectiveConfiguration? other) =>
            other is not null && IndexPath == other.IndexPath && ModelPath == other.ModelPath && Device == other.Device
            && CorpusPaths.SequenceEqual(other.CorpusPaths) && WorkspaceRoots.SequenceEqual(other.WorkspaceRoots)
            && KeyPattern?.Text == other.KeyPattern?.Text;

        public override int GetHashCode() => HashCode.Combine(IndexPath, ModelPath, Device, CorpusPaths.Length, WorkspaceRoots.Length);
    }
}
