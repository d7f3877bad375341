using System.Collections.Concurrent;
using PaperLsp.Features.Diagnostics;
using PaperLsp.Server.Requests;
using PaperLsp.Server.Protocol;
using PaperLsp.Server.Workspace;

namespace PaperLsp.Server.Services;

/// <summary>
/// Publishes unknown-citation-key diagnostics for open documents, off the mutating path: a change schedules the
/// document; once it has been quiet for <see cref="Delay"/> the diagnostics are computed on a pool thread from the
/// newest snapshot and published with its version; a change while they are computed cancels the computation (the
/// newer snapshot is published instead). Closing a document clears them.
/// </summary>
internal sealed class DiagnosticsPublisher : IDisposable
{
    /// <summary>The diagnostic code of an unknown key (code actions offer replacements for it).</summary>
    public const string UnknownKeyCode = DiagnosticCodes.UnknownKey;

    /// <summary>The diagnostic code of an index key missing from the .bib (code actions offer to add its entry).</summary>
    public const string NotInBibCode = DiagnosticCodes.NotInBibliography;

    /// <summary>How long after the last keystroke in a key that key is still considered being typed.</summary>
    public TimeSpan TypingPause { get; init; } = TimeSpan.FromMilliseconds(1500);

    // uri → the span of the last edit (in the new text) and when it happened.
    private readonly ConcurrentDictionary<string, (int Start, int End, long At)> lastEdits = new(StringComparer.Ordinal);

    // .bib files not open in the editor whose syntax problems were published (to clear them when fixed).
    private readonly ConcurrentDictionary<string, bool> publishedBibFiles = new(StringComparer.Ordinal);

    private readonly ServerServices services;
    private readonly PaperService papers;
    private readonly ConcurrentDictionary<string, Timer> timers = new(StringComparer.Ordinal);

    // uri → the cancellation of the diagnostics computation running for it (a newer change cancels it).
    private readonly ConcurrentDictionary<string, CancellationTokenSource> running = new(StringComparer.Ordinal);
    private volatile bool disposed;

    public DiagnosticsPublisher(ServerServices services, PaperService papers)
    {
        this.services = services;
        this.papers = papers;
    }

    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(300);

    public void OnDocumentsChanged(WorkspaceSnapshot previous, WorkspaceSnapshot next, bool bibliographyChanged)
    {
        foreach (var (uri, document) in next.Documents)
        {
            if (!previous.Documents.TryGetValue(uri, out var before) || !ReferenceEquals(before, document))
            {
                if (before is not null)
                {
                    var (start, end) = ChangedSpan(before.Content, document.Content);
                    lastEdits[uri] = (start, end, Environment.TickCount64);
                }

                Schedule(uri);
            }
        }

        foreach (var uri in previous.Documents.Keys.Where(u => !next.Documents.ContainsKey(u)))
        {
            if (timers.TryRemove(uri, out var timer))
            {
                timer.Dispose();
            }

            lastEdits.TryRemove(uri, out _);
            if (DocumentPaths.LanguageOf(previous.Documents[uri]) is not null || DocumentPaths.IsBibliography(previous.Documents[uri]))
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

        PublishClosedBibFiles();
    }

    /// <summary>The span of <paramref name="after"/> that differs from <paramref name="before"/> (common prefix and suffix removed).</summary>
    /// <remarks>Runs on the queue at every change.</remarks>
    internal static (int Start, int End) ChangedSpan(string before, string after) =>
        ChangedSpan(Features.Text.ChunkedText.Of(before), Features.Text.ChunkedText.Of(after));

    /// <inheritdoc cref="ChangedSpan(string, string)"/>
    /// <remarks>Chunks the two versions share (all but those an edit touched) are skipped without reading them.</remarks>
    internal static (int Start, int End) ChangedSpan(Features.Text.ChunkedText before, Features.Text.ChunkedText after)
    {
        var prefix = before.CommonPrefixLength(after);
        var suffix = before.CommonSuffixLength(after, Math.Min(before.Length, after.Length) - prefix);
        return (prefix, after.Length - suffix);
    }

    /// <summary>Syntax problems of workspace .bib files the editor has not opened (open ones are published with their version).</summary>
    private void PublishClosedBibFiles()
    {
        if (disposed)
        {
            return;
        }

        var open = services.CurrentWorkspace.Documents.Keys.Select(DocumentPaths.PathOrUri).ToHashSet(StringComparer.Ordinal);
        var bibliography = papers.Bibliography;
        foreach (var path in bibliography.Paths.Where(p => !open.Contains(p)))
        {
            var problems = CitationDiagnostics.BibFileProblems(bibliography, path);
            if (problems.Count == 0 && !publishedBibFiles.TryRemove(path, out _))
            {
                continue;
            }

            if (problems.Count > 0)
            {
                publishedBibFiles[path] = true;
            }

            var lines = LineIndexCache.For(bibliography.GetText(path) ?? "");
            _ = services.Client.PublishDiagnosticsAsync(DocumentPaths.ToUri(path), null, problems.Select(d => ToDiagnostic(d, lines)).ToList());
        }
    }

    private static Diagnostic ToDiagnostic(CitationDiagnostic d, PaperLsp.Server.Documents.LineIndex lines) => new()
    {
        Range = lines.ToRange(d.Start, d.End),
        Severity = (Protocol.DiagnosticSeverity)(int)d.Severity,
        Code = d.Code,
        Source = "paperlsp",
        Message = d.Message,
    };

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
        if (running.TryGetValue(uri, out var computation))
        {
            try
            {
                computation.Cancel(); // its snapshot is outdated: the timer publishes the newest one
            }
            catch (ObjectDisposedException)
            {
                // it has just finished
            }
        }
    }

    private void Publish(string uri)
    {
        if (disposed)
        {
            return;
        }

        using var cancellation = new CancellationTokenSource();
        running[uri] = cancellation;
        try
        {
            Publish(uri, cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            // a newer change: its own timer publishes
        }
        finally
        {
            running.TryRemove(new KeyValuePair<string, CancellationTokenSource>(uri, cancellation));
        }
    }

    private void Publish(string uri, CancellationToken cancellationToken)
    {
        var document = services.CurrentWorkspace.GetDocument(uri);
        if (document is null)
        {
            return;
        }

        if (DocumentPaths.IsBibliography(document))
        {
            var problems = CitationDiagnostics.BibFileProblems(papers.Bibliography, DocumentPaths.PathOrUri(uri));
            _ = services.Client.PublishDiagnosticsAsync(uri, document.Version, problems.Select(d => ToDiagnostic(d, document.Lines)).ToList());
            return;
        }

        if (DocumentPaths.LanguageOf(document) is not { } language)
        {
            return;
        }

        try
        {
            var settings = services.CurrentWorkspace.Settings;
            (int Start, int End)? typing = null;
            if (lastEdits.TryGetValue(uri, out var edit) && Environment.TickCount64 - edit.At < (long)TypingPause.TotalMilliseconds)
            {
                typing = (edit.Start, edit.End);
                if (timers.TryGetValue(uri, out var timer))
                {
                    // publish again once the pause is over, with the key reported if it is still wrong
                    timer.Change(TimeSpan.FromMilliseconds(Math.Max(1, (long)TypingPause.TotalMilliseconds - (Environment.TickCount64 - edit.At))), Timeout.InfiniteTimeSpan);
                }
            }

            // a LaTeX paper's keys are looked up in the .bib files its \bibliography names, as BibTeX will
            var cites = DocumentBibliography.For(new OpenDocument(document, DocumentPaths.PathOrUri(uri), language, papers), settings);
            var found = new CitationDiagnostics(papers.Catalog, cites, papers.Bibliography).Compute(document.Text, language, settings.CustomCiteMacros, typing, cancellationToken);
            var lines = document.Lines;
            var published = found.Select(d => ToDiagnostic(d, lines)).ToList();
            cancellationToken.ThrowIfCancellationRequested();
            _ = services.Client.PublishDiagnosticsAsync(uri, document.Version, published);
            papers.WarmHoverCards(); // the cards of the keys cited in open documents, built ahead in the background
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            services.Log.Warning($"diagnostics for {uri} failed: {e.Message}");
        }
    }
}
