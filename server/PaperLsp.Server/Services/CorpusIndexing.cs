using System.Diagnostics;
using System.Globalization;
using PaperLsp.Embeddings;
using PaperLsp.Embeddings.Runtime;
using PaperLsp.Features.Bibliography;
using PaperLsp.Retrieval;
using PaperLsp.Server.Client;
using PaperLsp.Server.Protocol;
using PaperLsp.Server.Requests;
using PaperLsp.Storage;

namespace PaperLsp.Server.Services;

/// <summary>
/// The two long background jobs over the index: reading the corpus folders into it and embedding the papers without a
/// current vector. Both report work-done progress and <c>paperlsp/status</c> at most every <see cref="StatusInterval"/>.
/// </summary>
internal sealed class CorpusIndexing
{
    private static readonly TimeSpan StatusInterval = TimeSpan.FromMilliseconds(250);

    private readonly ServerServices services;
    private readonly StatusReporter status;

    public CorpusIndexing(ServerServices services, StatusReporter status)
    {
        this.services = services;
        this.status = status;
    }

    /// <summary>Indexes the corpus paths into <paramref name="store"/>; true when papers were added, updated or removed.</summary>
    public async Task<bool> IndexAsync(PaperStore store, IReadOnlyList<string> corpusPaths, Ingestion.Identity.CitationKeyPattern? keyPattern, CancellationToken cancellationToken)
    {
        await using var progress = await services.Client.BeginProgressAsync("PaperLsp: indexing papers", null, 0, cancellationToken).ConfigureAwait(false);
        await status.SendAsync("indexing", new IndexingStatus(0, 0, "starting")).ConfigureAwait(false);
        var lastReport = Stopwatch.StartNew();
        var report = await Task.Run(
            () => new PaperIndexer(store) { KeyPattern = keyPattern }.Index(corpusPaths, p =>
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
                _ = status.SendAsync("indexing", new IndexingStatus(p.SourcesDone, p.SourcesTotal, message));
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
    /// Embeds the papers without a current vector, those of <paramref name="bibliography"/> first; returns how many were
    /// embedded. Runs on its own thread at the lowest CPU priority with its own model session (whose worker threads
    /// inherit that priority), so that editor requests, which embed their queries with <paramref name="model"/>,
    /// always come first.
    /// </summary>
    public async Task<int> EmbedAsync(PaperStore store, IEmbeddingModel model, WorkspaceBibliography bibliography, string executionProvider, CancellationToken cancellationToken)
    {
        WorkDoneProgress? progress = null;
        var lastReport = Stopwatch.StartNew();
        var bibPapers = bibliography.Entries.Select(e => e.Paper).ToList();
        int Work()
        {
            if (!store.PendingEmbeddings(model.Info.Id).Any())
            {
                return 0;
            }

            services.Log.Debug(BackgroundPriority.LowerCurrentThread());
            using var own = model is OnnxTextEmbedder onnx ? OnnxTextEmbedder.Open(onnx.Location, onnx.Options with { Log = null, ReuseBuffers = true, BeforeRun = t => services.Activity.WaitWhileBusy(t) }) : null;
            var indexer = new EmbeddingIndexer(store, (IEmbeddingModel?)own ?? model) { PriorityIds = EmbeddingIndexer.PriorityFor(store, bibPapers) };
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
                    _ = status.SendAsync("embedding", new IndexingStatus(done, total, message));
                },
                cancellationToken);
        }

        try
        {
            var embedded = await OnBackgroundThread(Work, cancellationToken).ConfigureAwait(false);
            PaperLsp.Embeddings.Runtime.NativeHeap.Trim(); // the embedding session (weights, batch tensors) is closed: return its memory

            if (embedded > 0)
            {
                services.Log.Info($"embedded {embedded:N0} papers on {executionProvider} (waited for editor requests before {services.Activity.Yields:N0} model runs so far)");
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
}
