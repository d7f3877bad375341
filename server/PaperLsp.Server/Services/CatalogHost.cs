using System.Diagnostics;
using PaperLsp.Embeddings;
using PaperLsp.Embeddings.Models;
using PaperLsp.Embeddings.Runtime;
using PaperLsp.Features.Catalog;
using PaperLsp.Retrieval;
using PaperLsp.Server.Client;
using PaperLsp.Storage;

namespace PaperLsp.Server.Services;

/// <summary>
/// Holds the paper index (the SQLite store), the embedding model and the catalog snapshot built from them. Requests
/// read <see cref="Catalog"/>, an immutable snapshot; background jobs (one at a time) open the store and model and
/// publish a fresh snapshot with <see cref="Rebuild"/> when the index or its vectors changed.
/// </summary>
internal sealed class CatalogHost : IDisposable
{
    private readonly ServerLog log;
    private readonly IPaperCatalog? fixedCatalog;
    private volatile IPaperCatalog catalog;
    private volatile string executionProvider = "none";
    private volatile string? indexPath;
    private string? modelKey;

    /// <summary>A host; with <paramref name="fixedCatalog"/> it serves that catalog and never opens an index.</summary>
    public CatalogHost(ServerLog log, IPaperCatalog? fixedCatalog)
    {
        this.log = log;
        this.fixedCatalog = fixedCatalog;
        catalog = fixedCatalog ?? EmptyPaperCatalog.Instance;
    }

    /// <summary>The current catalog snapshot (never null; empty before an index is open).</summary>
    public IPaperCatalog Catalog => catalog;

    /// <summary>True when the host serves a catalog given at construction (tests, embedding hosts).</summary>
    public bool IsFixed => fixedCatalog is not null;

    /// <summary>"cpu" or "cuda" when an embedding model is loaded, else "none".</summary>
    public string ExecutionProvider => executionProvider;

    /// <summary>The open index file, or null.</summary>
    public string? IndexPath => indexPath;

    /// <summary>The open index, or null (only background jobs use it).</summary>
    public PaperStore? Store { get; private set; }

    /// <summary>The loaded embedding model, or null (only background jobs use it).</summary>
    public OnnxTextEmbedder? Model { get; private set; }

    /// <summary>Opens the index and the model of <paramref name="configuration"/> (keeping them when unchanged) and publishes a snapshot over them.</summary>
    public void Open(PaperConfiguration configuration)
    {
        var clock = Stopwatch.StartNew();
        OpenStore(configuration);
        if (Store is not null && catalog is EmptyPaperCatalog && ModelChanges(configuration))
        {
            // Loading the model takes a second or more (longer when its file is not in the OS cache): answer from the
            // index lexically meanwhile.
            var lexical = new HybridPaperCatalog(Store, model: null, lexical: LexicalIndexing.Background);
            Replace(lexical);
            log.Info($"index-backed answers ({lexical.Count:N0} papers, lexical until the model is loaded) {SinceProcessStart()} after the process started (index opened in {clock.ElapsedMilliseconds} ms)");

            // One lexical search before the model's load takes a core for seconds: the first requests then find their
            // code compiled and the postings' and tables' first pages read.
            clock.Restart();
            lexical.Warm();
            log.Debug($"lexical warm-up before loading the model: {clock.ElapsedMilliseconds} ms");
        }

        OpenModel(configuration);
        Rebuild();
    }

    /// <summary>The open index, or the one of <paramref name="configuration"/> opened (created) now with its model: adding papers needs no corpus.</summary>
    public PaperStore EnsureStore(PaperConfiguration configuration)
    {
        if (Store is null)
        {
            Store = PaperStore.Open(configuration.IndexPath, notice: log.Info);
            indexPath = Store.Path;
            log.Info($"paper index: {Store.Path}");
            OpenModel(configuration);
        }

        return Store;
    }

    /// <summary>Publishes a new catalog snapshot over the open index and model (no-op without an index).</summary>
    public void Rebuild()
    {
        if (Store is not null)
        {
            Replace(new HybridPaperCatalog(Store, Model, lexical: LexicalIndexing.Background));
        }
    }

    public void Dispose()
    {
        Replace(EmptyPaperCatalog.Instance);
        Model?.Dispose();
        Store?.Dispose();
    }

    /// <summary>How long ago this process started ("n/a" where the OS does not say), for the start-up line of the log.</summary>
    private static string SinceProcessStart()
    {
        try
        {
            using var self = Process.GetCurrentProcess();
            return $"{(DateTime.Now - self.StartTime).TotalMilliseconds:F0} ms";
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            return "n/a";
        }
    }

    /// <summary>Publishes <paramref name="next"/> and releases the previous snapshot (requests still holding it keep working).</summary>
    private void Replace(IPaperCatalog next)
    {
        var previous = catalog;
        catalog = next;
        if (!ReferenceEquals(previous, fixedCatalog) && !ReferenceEquals(previous, next))
        {
            (previous as IDisposable)?.Dispose();
        }
    }

    private void OpenStore(PaperConfiguration configuration)
    {
        if (Store is not null && string.Equals(indexPath, configuration.IndexPath, StringComparison.Ordinal))
        {
            return;
        }

        var previous = Store;
        Store = null;
        indexPath = null;
        Replace(EmptyPaperCatalog.Instance);
        previous?.Dispose();
        if (!File.Exists(configuration.IndexPath) && configuration.CorpusPaths.Length == 0)
        {
            log.Info($"no paper index at {configuration.IndexPath} and no paperlsp.corpusPaths: citations come from the workspace .bib only");
            return;
        }

        Store = PaperStore.Open(configuration.IndexPath, notice: log.Info);
        indexPath = Store.Path;
        if (Store.RecoveryNote is { } note)
        {
            log.Warning(note);
        }

        log.Info($"paper index: {Store.Path}");
    }

    /// <summary>True when <see cref="OpenModel"/> would (re)load the model for <paramref name="configuration"/>.</summary>
    private bool ModelChanges(PaperConfiguration configuration) =>
        !string.Equals(ModelKey(ModelLocator.Resolve(configuration.ModelPath), configuration), modelKey, StringComparison.Ordinal);

    private static string ModelKey(ModelLocation? location, PaperConfiguration configuration) =>
        location is null ? "" : location.ModelPath + "|" + configuration.Device;

    private void OpenModel(PaperConfiguration configuration)
    {
        if (Store is null)
        {
            return;
        }

        var location = ModelLocator.Resolve(configuration.ModelPath);
        var key = ModelKey(location, configuration);
        if (string.Equals(key, modelKey, StringComparison.Ordinal))
        {
            return;
        }

        var previous = Model;
        Model = null;
        modelKey = key;
        executionProvider = "none";
        previous?.Dispose();
        if (location is null)
        {
            log.Info($"embedding model '{configuration.ModelPath ?? ModelLocator.DefaultModelName}' not found (looked in: {string.Join(", ", ModelLocator.Candidates(configuration.ModelPath).Distinct())}): ranking papers lexically");
            return;
        }

        try
        {
            var clock = Stopwatch.StartNew();
            var loaded = OnnxTextEmbedder.Open(location, new EmbedderOptions
            {
                Provider = ExecutionProviderSelector.Parse(configuration.Device),
                Log = line => log.Info(line),
                ReuseBuffers = false, // one short query per request: no arena that keeps its peak for the server's lifetime
            });
            Model = loaded;
            NativeHeap.Trim(); // ONNX Runtime's buffers for parsing the model are freed now: give them back to the OS

            executionProvider = loaded.ActiveProvider.ToLowerInvariant();
            log.Info($"embedding model {loaded.Info.Name} on {executionProvider} ({clock.ElapsedMilliseconds} ms to load)");
        }
        catch (Exception e) when (e is ModelFormatException or ExecutionProviderUnavailableException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            log.Warning($"embedding model {location.ModelPath} could not be loaded ({e.Message}): ranking papers lexically");
        }
    }
}
