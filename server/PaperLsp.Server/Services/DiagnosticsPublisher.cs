using System.Collections.Concurrent;
using PaperLsp.Features.Diagnostics;
using PaperLsp.Server.Requests;
using PaperLsp.Server.Protocol;
using PaperLsp.Server.Workspace;

namespace PaperLsp.Server.Services;

/// <summary>
/// Publishes unknown-citation-key diagnostics for open documents, off the mutating path: a change schedules the
/// document; once it has been quiet for <see cref="Delay"/> the diagnostics are computed on a pool thread from the
/// newest snapshot and published with its version. Closing a document clears them.
/// </summary>
internal sealed class DiagnosticsPublisher : IDisposable
{
    /// <summary>The diagnostic code of an unknown key (code actions offer replacements for it).</summary>
    public const string UnknownKeyCode = "unknown-citation-key";

    private readonly ServerServices services;
    private readonly PaperService papers;
    private readonly ConcurrentDictionary<string, Timer> timers = new(StringComparer.Ordinal);
    private volatile bool disposed;

    public DiagnosticsPublisher(ServerServices services, PaperService papers)
    {
        this.services = services;
        this.papers = papers;
    }

    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(300);

    // Keys whose hover card (with its related papers) was computed once for the current catalog snapshot.
    private readonly Lock warmGate = new();
    private object? warmedCatalog;
    private HashSet<string> warmedKeys = new(StringComparer.Ordinal);
    private const int MaxWarmedKeysPerPass = 300;

    /// <summary>
    /// Computes the hover cards of the keys cited in a document once, on this background thread, so that the catalog's
    /// related-paper cache is filled before the writer hovers them (a first related lookup scans every vector).
    /// </summary>
    private void WarmHoverCards(string text, PaperLsp.Features.Text.DocumentLanguage language, IReadOnlyList<string> customCiteMacros)
    {
        var catalog = papers.Catalog;
        List<string> keys;
        lock (warmGate)
        {
            if (!ReferenceEquals(warmedCatalog, catalog))
            {
                warmedCatalog = catalog;
                warmedKeys = new HashSet<string>(StringComparer.Ordinal);
            }

            keys = PaperLsp.Features.Citations.CitationScanner.CitedKeys(text, language, customCiteMacros)
                .Where(k => !warmedKeys.Contains(k))
                .Take(MaxWarmedKeysPerPass)
                .ToList();
            warmedKeys.UnionWith(keys);
        }

        var cards = new PaperLsp.Features.Hover.HoverCardBuilder(catalog, papers.Bibliography);
        foreach (var key in keys)
        {
            if (disposed)
            {
                return;
            }

            cards.BuildMarkdown(key);
        }
    }

    public void OnDocumentsChanged(WorkspaceSnapshot previous, WorkspaceSnapshot next, bool bibliographyChanged)
    {
        foreach (var (uri, document) in next.Documents)
        {
            if (!previous.Documents.TryGetValue(uri, out var before) || !ReferenceEquals(before, document))
            {
                Schedule(uri);
            }
        }

        foreach (var uri in previous.Documents.Keys.Where(u => !next.Documents.ContainsKey(u)))
        {
            if (timers.TryRemove(uri, out var timer))
            {
                timer.Dispose();
            }

            if (DocumentPaths.LanguageOf(previous.Documents[uri]) is not null)
            {
                _ = services.Client.PublishDiagnosticsAsync(uri, null, []);
            }
        }

        if (bibliographyChanged)
        {
            RefreshAll();
        }
    }

    public void RefreshAll()
    {
        foreach (var uri in services.CurrentWorkspace.Documents.Keys)
        {
            Schedule(uri);
        }
    }

    public void Dispose()
    {
        disposed = true;
        foreach (var timer in timers.Values)
        {
            timer.Dispose();
        }

        timers.Clear();
    }

    private void Schedule(string uri)
    {
        if (disposed)
        {
            return;
        }

        var timer = timers.GetOrAdd(uri, u => new Timer(_ => Publish(u)));
        timer.Change(Delay, Timeout.InfiniteTimeSpan);
    }

    private void Publish(string uri)
    {
        if (disposed)
        {
            return;
        }

        var document = services.CurrentWorkspace.GetDocument(uri);
        if (document is null || DocumentPaths.LanguageOf(document) is not { } language)
        {
            return;
        }

        try
        {
            var settings = services.CurrentWorkspace.Settings;
            var found = new CitationDiagnostics(papers.Catalog, papers.Bibliography).Compute(document.Text, language, settings.CustomCiteMacros);
            var lines = document.Lines;
            var published = found.Select(d => new Diagnostic
            {
                Range = lines.ToRange(d.Start, d.End),
                Severity = (Protocol.DiagnosticSeverity)(int)d.Severity,
                Code = UnknownKeyCode,
                Message = d.Message,
            }).ToList();
            _ = services.Client.PublishDiagnosticsAsync(uri, document.Version, published);
            WarmHoverCards(document.Text, language, settings.CustomCiteMacros);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            services.Log.Warning($"diagnostics for {uri} failed: {e.Message}");
        }
    }
}
